import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOLS_DIR } from '@sanad/protocols/node';
import type { App } from 'supertest/types';
import { JsonLogger } from '../src/common/json-logger';
import { prepareDatabase } from '../src/database/prepare';
import { CaseDriver, XHR } from './support/case-driver';
import { startTestApp, type TestApp } from './support/test-app';

const REFERENCE = join(PROTOCOLS_DIR, 'ma-cyberharassment', '1.0.0.yaml');

/** A private copy of the definitions folder that a test may change. */
function protocolsCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-protocols-'));
  mkdirSync(join(dir, 'ma-cyberharassment'));
  cpSync(REFERENCE, join(dir, 'ma-cyberharassment', '1.0.0.yaml'));
  return dir;
}

/** Version 1.1.0: the same protocol with reworded guidance (a safe change). */
function addVersion(dir: string, version: string, edit: (yaml: string) => string = (y) => y): void {
  const yaml = readFileSync(REFERENCE, 'utf8').replace(/^version:.*$/m, `version: ${version}`);
  writeFileSync(join(dir, 'ma-cyberharassment', `${version}.yaml`), edit(yaml));
}

describe('API: protocol versions', () => {
  const dirs: string[] = [];
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const a of apps.reverse()) await a.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses to start on an invalid published definition, naming file, path and reason', async () => {
    const dir = protocolsCopy();
    dirs.push(dir);
    const file = join(dir, 'ma-cyberharassment', '1.0.0.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^states:/m, 'statez:'));
    await expectAsync(startTestApp({ PROTOCOLS_DIR: dir })).toBeRejectedWithError(/ma-cyberharassment\/1\.0\.0\.yaml/);
  });

  it('refuses to start when a published version was edited after publication', async () => {
    const dir = protocolsCopy();
    dirs.push(dir);
    const t = await startTestApp({ PROTOCOLS_DIR: dir });
    apps.push(t);
    appendFileSync(join(dir, 'ma-cyberharassment', '1.0.0.yaml'), '\n# edited after publication\n');
    await expectAsync(prepareDatabase(t.config, new JsonLogger('silent'))).toBeRejectedWithError(/was changed after publication/);
  });

  it('keeps a case on its version when a newer one is published, and moves it only on request and when safe', async () => {
    const dir = protocolsCopy();
    dirs.push(dir);
    const t = await startTestApp({ PROTOCOLS_DIR: dir });
    apps.push(t);
    const d = await CaseDriver.start(t.app.getHttpServer() as App, 'Cas sur la version 1.0.0');
    await d.complete('intake', 'team_member', {
      authorsKnown: true,
      authorsArePupils: true,
      types: ['INSULT'],
      repeated: true,
      platforms: ['TIKTOK'],
    });

    addVersion(dir, '1.1.0');
    // 2.0.0 renames the intake step: the case's recorded intake would no longer apply
    addVersion(dir, '2.0.0', (y) => y.replace(/\bintake\b/g, 'reception'));
    const t2 = await startTestApp({ PROTOCOLS_DIR: dir }, { shareWith: t });
    apps.push(t2);
    await prepareDatabase(t2.config, new JsonLogger('silent'));
    const server = t2.app.getHttpServer() as App;
    const again = await CaseDriver.start(server, 'Nouveau cas');
    expect((await again.detail()).protocol.version).toBe('2.0.0');

    d.agents.coordinator = again.agents.coordinator;
    d.agents.principal = again.agents.principal;
    let detail = await d.detail();
    expect(detail.protocol.version).toBe('1.0.0');

    const byCoordinator = await d.agents.coordinator
      .post(`/api/cases/${d.caseId}/protocol-version`)
      .set(XHR)
      .send({ expectedSeq: detail.lastEventSeq, toVersion: '1.1.0', reason: 'Nouvelle version' });
    expect(byCoordinator.status).toBe(403);
    const unsafe = await d.agents.principal
      .post(`/api/cases/${d.caseId}/protocol-version`)
      .set(XHR)
      .send({ expectedSeq: detail.lastEventSeq, toVersion: '2.0.0', reason: 'Nouvelle version' });
    expect(unsafe.status).toBe(422);
    expect(unsafe.body.code).toBe('MIGRATION_UNSAFE');
    const moved = await d.agents.principal
      .post(`/api/cases/${d.caseId}/protocol-version`)
      .set(XHR)
      .send({ expectedSeq: detail.lastEventSeq, toVersion: '1.1.0', reason: 'Nouvelle version' })
      .expect(200);
    detail = moved.body;
    expect(detail.protocol.version).toBe('1.1.0');
    expect(detail.steps.find((s) => s.stepId === 'intake')?.status).toBe('done');
    const timeline = (await d.agents.principal.get(`/api/cases/${d.caseId}/timeline`).expect(200)).body as {
      type: string;
      payload: Record<string, unknown>;
    }[];
    expect(timeline.at(-1)).toEqual(
      jasmine.objectContaining({
        type: 'protocol_migrated',
        payload: jasmine.objectContaining({ fromVersion: '1.0.0', toVersion: '1.1.0' }),
      }),
    );
  });

  it('publishing the real 1.1.0 (AI-facilitated types): new cases start on it, a 1.0.0 case keeps its own rules', async () => {
    const dir = protocolsCopy();
    dirs.push(dir);
    const t = await startTestApp({ PROTOCOLS_DIR: dir });
    apps.push(t);
    const old = await CaseDriver.start(t.app.getHttpServer() as App, 'Cas commencé sur 1.0.0');
    const pinned = (await old.detail()).protocol;
    expect(pinned.version).toBe('1.0.0');

    cpSync(join(PROTOCOLS_DIR, 'ma-cyberharassment', '1.1.0.yaml'), join(dir, 'ma-cyberharassment', '1.1.0.yaml'));
    const t2 = await startTestApp({ PROTOCOLS_DIR: dir }, { shareWith: t });
    apps.push(t2);
    await prepareDatabase(t2.config, new JsonLogger('silent'));
    const fresh = await CaseDriver.start(t2.app.getHttpServer() as App, 'Nouveau cas');
    expect((await fresh.detail()).protocol.version).toBe('1.1.0');
    old.agents.team_member = fresh.agents.team_member;
    old.agents.coordinator = fresh.agents.coordinator;

    // the 1.0.0 case: same version and hash, no new type, no genderBased question
    expect((await old.detail()).protocol).toEqual(pinned);
    const deepfake = { authorsKnown: false, types: ['AI_SEXUAL_IMAGE'], repeated: false, platforms: ['INSTAGRAM'] };
    const refused = await old.submit('intake', 'team_member', deepfake);
    expect(refused.status).toBe(400);
    expect((refused.body.details as { field: string }[]).map((x) => x.field)).toContain('answers.types');
    await old.complete('intake', 'team_member', { ...deepfake, types: ['CSAM'] });
    expect((await old.complete('danger_check', 'coordinator', { staffImplicated: false })).state).toBe('EMERGENCY_ESCALATED');

    // the 1.1.0 case: the same deepfake follows the emergency path
    await fresh.complete('intake', 'team_member', deepfake);
    expect((await fresh.complete('danger_check', 'coordinator', { staffImplicated: false })).state).toBe('EMERGENCY_ESCALATED');
  });
});
