import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, rmdirSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findStep, type ProtocolDefinition } from '@sanad/protocols';
import type request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource, In } from 'typeorm';
import { CaseRecord } from '../src/cases/case.entities';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/database/data-source';
import { checkIntegrity } from '../src/database/integrity';
import { translate } from '../src/common/messages';
import { png } from '../src/evidence/evidence-fixtures';
import { KeyRing } from '../src/evidence/key-ring';
import { CaseDriver, fillForm, XHR, type CaseDetail } from './support/case-driver';
import { freePort, HttpClient, spawnServer, type ServerProcess } from './support/server-process';
import { DEMO, onPostgres, startTestApp, type TestApp } from './support/test-app';

const DB = onPostgres() ? 'PostgreSQL' : 'SQLite';
const KILLS = 4;
const INTAKE = { authorsKnown: true, authorsArePupils: true, types: ['INSULT', 'MOBBING'], repeated: true, platforms: ['INSTAGRAM'] };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const chunks = <T>(xs: T[], size = 400): T[][] =>
  Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, i * size + size));

/** What the server acknowledged with a 2xx, and so must find after any crash. */
interface Acknowledged {
  cases: Map<string, string>; // id → title
  steps: { caseId: string; seq: number }[];
  people: { caseId: string; id: string }[];
  evidence: { caseId: string; id: string; storedSha256: string }[];
}

/**
 * Under write load, `kill -9` the real server (node backend/dist/src/main.js) again and again: every write answered
 * 2xx is there after the crash, the integrity check passes and no case is partial (issue #10, "Crash safety").
 */
describe(`Crash safety: kill -9 under write load (${DB})`, () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sanad-crash-'));
    env = { NODE_ENV: 'test', DATA_DIR: dataDir, FRONTEND_DIR: join(dataDir, 'no-frontend'), SEED_DEMO: 'true' };
    if (process.env.DATABASE_URL) {
      env.DATABASE_URL = process.env.DATABASE_URL;
      // a fresh schema, as the other API suites do (never point DATABASE_URL at a database you care about)
      const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
      await ds.initialize();
      await ds.query('DROP SCHEMA IF EXISTS public CASCADE');
      await ds.query('CREATE SCHEMA public');
      await ds.destroy();
    } else {
      env.SQLITE_PATH = join(dataDir, 'sanad.sqlite');
    }
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Opens the database as the server left it (SQLite: replays the WAL), checks everything acknowledged is there. */
  async function verify(acked: Acknowledged, when: string): Promise<void> {
    const db = createDataSource(loadConfig(env));
    await db.initialize();
    try {
      const ring = KeyRing.load({ file: join(dataDir, 'keys', 'master.key'), createIfMissing: false });
      const report = await checkIntegrity(db, { keyRing: ring });
      expect(report.problems).withContext(`integrity ${when}`).toEqual([]);

      // no partial case: every case has its first event, no event lies beyond lastEventSeq
      const [{ n: withoutFirst }] = await db.query<{ n: string }[]>(
        `SELECT COUNT(*) AS "n" FROM "cases" c WHERE NOT EXISTS (SELECT 1 FROM "case_events" e WHERE e."caseId" = c."id" AND e."seq" = 1)`,
      );
      const [{ n: beyond }] = await db.query<{ n: string }[]>(
        `SELECT COUNT(*) AS "n" FROM "case_events" e JOIN "cases" c ON c."id" = e."caseId" WHERE e."seq" > c."lastEventSeq"`,
      );
      expect(Number(withoutFirst)).withContext(`cases without their first event ${when}`).toBe(0);
      expect(Number(beyond)).withContext(`events beyond lastEventSeq ${when}`).toBe(0);

      const found = new Map<string, string>();
      for (const ids of chunks([...acked.cases.keys()])) {
        const rows = await db
          .getRepository('cases')
          .createQueryBuilder('c')
          .select(['c.id AS "id"', 'c.title AS "title"'])
          .where('c.id IN (:...ids)', { ids })
          .getRawMany<{ id: string; title: string }>();
        for (const r of rows) found.set(r.id, r.title);
      }
      const lostCases = [...acked.cases].filter(([id, title]) => found.get(id) !== title).map(([id]) => id);
      expect(lostCases).withContext(`acknowledged cases missing ${when}`).toEqual([]);

      const events = new Set<string>();
      for (const part of chunks(acked.steps)) {
        const rows = await db
          .getRepository('case_events')
          .createQueryBuilder('e')
          .select(['e.caseId AS "caseId"', 'e.seq AS "seq"'])
          .where('e.caseId IN (:...ids) AND e.type = :type', { ids: part.map((s) => s.caseId), type: 'step_completed' })
          .getRawMany<{ caseId: string; seq: number }>();
        for (const r of rows) events.add(`${r.caseId}#${Number(r.seq)}`);
      }
      expect(acked.steps.filter((s) => !events.has(`${s.caseId}#${s.seq}`)))
        .withContext(`acknowledged steps missing ${when}`)
        .toEqual([]);

      const people = new Set<string>();
      for (const part of chunks(acked.people)) {
        const rows = await db
          .getRepository('case_people')
          .createQueryBuilder('p')
          .select(['p.id AS "id"', 'p.caseId AS "caseId"'])
          .where('p.id IN (:...ids)', { ids: part.map((p) => p.id) })
          .getRawMany<{ id: string; caseId: string }>();
        for (const r of rows) people.add(`${r.caseId}#${r.id}`);
      }
      expect(acked.people.filter((p) => !people.has(`${p.caseId}#${p.id}`)))
        .withContext(`acknowledged people missing ${when}`)
        .toEqual([]);

      const items = new Map<string, string | null>();
      for (const part of chunks(acked.evidence)) {
        const rows = await db
          .getRepository('evidence_items')
          .createQueryBuilder('i')
          .select(['i.id AS "id"', 'i.storedSha256 AS "sha"'])
          .where('i.id IN (:...ids)', { ids: part.map((e) => e.id) })
          .getRawMany<{ id: string; sha: string | null }>();
        for (const r of rows) items.set(r.id, r.sha);
      }
      expect(acked.evidence.filter((e) => items.get(e.id) !== e.storedSha256))
        .withContext(`acknowledged evidence missing ${when}`)
        .toEqual([]);
    } finally {
      await db.destroy();
    }
  }

  it(`keeps every acknowledged write (cases, steps, people, evidence files) through ${KILLS} kill -9, with no partial case`, async () => {
    const port = await freePort();
    let server: ServerProcess = await spawnServer(env, { port, timeoutMs: 60_000 });
    const acked: Acknowledged = { cases: new Map(), steps: [], people: [], evidence: [] };
    const unexpected: string[] = [];
    const writers = [
      { email: DEMO.teacher, steps: true },
      { email: DEMO.teacher, steps: true },
      { email: DEMO.coordinator, steps: false },
      { email: DEMO.principal, steps: false },
    ].map((w) => ({ ...w, client: new HttpClient(server.url, w.email, DEMO.password), own: [] as string[], waiting: [] as string[] }));
    try {
      for (const w of writers) await w.client.login();
      // valid intake answers, computed once from the protocol (they do not depend on the case)
      const first = writers[0].client;
      const probe = await first.send('POST', '/api/cases', { title: 'Cas témoin', occurredOn: '2026-11-02' });
      expect(probe.status).toBe(201);
      const probeId = (probe.body as { id: string }).id;
      acked.cases.set(probeId, 'Cas témoin');
      const detail = (await first.send('GET', `/api/cases/${probeId}`)).body as CaseDetail;
      const definition = (
        (await first.send('GET', `/api/protocols/${detail.protocol.id}/${detail.protocol.version}`)).body as {
          definition: ProtocolDefinition;
        }
      ).definition;
      const intake = fillForm(findStep(definition, 'intake')!, detail.facts, INTAKE);

      // an unexpected answer, with what the server logged about that request (its id) when it is a 5xx
      const fail = (label: string, res: { status: number; body: unknown }) => {
        const id = (res.body as { requestId?: string } | null)?.requestId;
        const logged = id
          ? server
              .output()
              .split('\n')
              .filter((l) => l.includes(id))
              .join('\n')
          : '';
        unexpected.push(`${label}: ${res.status} ${JSON.stringify(res.body)}${logged ? `\n${logged}` : ''}`);
      };
      const pick = (ids: string[]) => (ids.length ? ids[Math.floor(Math.random() * ids.length)] : null);
      const run = async (w: (typeof writers)[number], index: number, round: number, stop: { now: boolean }) => {
        for (let n = 0; !stop.now; n++) {
          const r = Math.random();
          const anyCase = pick([...acked.cases.keys()]);
          // people on the writer's own cases (people added to one case at the same moment: people.api.spec.ts)
          const ownCase = pick(w.own);
          let label = '';
          try {
            if (w.steps && w.waiting.length && r < 0.3) {
              const caseId = w.waiting.shift()!;
              label = `intake on ${caseId}`;
              const res = await w.client.send('POST', `/api/cases/${caseId}/steps/intake`, { expectedSeq: 1, ...intake });
              if (res.status === 200) acked.steps.push({ caseId, seq: (res.body as CaseDetail).lastEventSeq });
              else fail(label, res);
            } else if (w.steps && anyCase && r < 0.4) {
              label = `evidence on ${anyCase}`;
              const form = new FormData();
              form.append('title', `Capture ${round}-${index}-${n}`);
              form.append('file', new Blob([png(4 + (n % 7), 3)], { type: 'image/png' }), 'capture.png');
              const res = await w.client.send('POST', `/api/cases/${anyCase}/evidence/files`, form);
              const body = res.body as { id: string; file: { storedSha256: string } };
              if (res.status === 201) acked.evidence.push({ caseId: anyCase, id: body.id, storedSha256: body.file.storedSha256 });
              else fail(label, res);
            } else if (ownCase && r < 0.6) {
              label = `person on ${ownCase}`;
              const res = await w.client.send('POST', `/api/cases/${ownCase}/people`, {
                role: 'witness',
                kind: 'pupil',
                classLabel: `3AC-${n % 9}`,
              });
              if (res.status === 201) acked.people.push({ caseId: ownCase, id: (res.body as { id: string }).id });
              else fail(label, res);
            } else {
              const title = `Cas ${round}-${index}-${n}`;
              label = `create ${title}`;
              const res = await w.client.send('POST', '/api/cases', { title, occurredOn: '2026-11-02' });
              if (res.status === 201) {
                const id = (res.body as { id: string }).id;
                acked.cases.set(id, title);
                w.own.push(id);
                if (w.steps) w.waiting.push(id);
              } else fail(label, res);
            }
          } catch {
            return; // no answer: the server is gone (the write may or may not have happened: not acknowledged)
          }
        }
      };

      for (let round = 1; round <= KILLS; round++) {
        const before = acked.cases.size + acked.steps.length + acked.people.length + acked.evidence.length;
        const stop = { now: false };
        const load = Promise.all(writers.map((w, i) => run(w, i, round, stop)));
        await sleep(400 + Math.random() * 1100);
        await server.kill();
        stop.now = true;
        await load;
        const after = acked.cases.size + acked.steps.length + acked.people.length + acked.evidence.length;
        expect(after).withContext(`writes acknowledged in round ${round}`).toBeGreaterThan(before);
        await verify(acked, `after kill ${round}`);
        server = await spawnServer(env, { port, timeoutMs: 60_000 });
      }
      expect(unexpected).toEqual([]);
      expect(acked.steps.length).withContext('acknowledged steps').toBeGreaterThan(0);
      expect(acked.people.length).withContext('acknowledged people').toBeGreaterThan(0);

      // after the last restart: the sessions, the cases and their writes are served, new writes are accepted
      const reader = writers[2].client;
      const sample = [...acked.cases.keys()].slice(-5);
      for (const id of sample)
        expect((await reader.send('GET', `/api/cases/${id}`)).status)
          .withContext(id)
          .toBe(200);
      expect((await reader.send('POST', '/api/cases', { title: 'Après les pannes', occurredOn: '2026-11-02' })).status).toBe(201);
      await server.stop();
      await verify(acked, 'after a clean stop');
    } catch (error) {
      await server.kill().catch(() => undefined);
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nserver output:\n${server.output().slice(-3000)}`);
    }
  }, 120_000);
});

/** Two people, one case, one instance: the second write based on the same view of the case loses with 409. */
describe(`Crash safety: two users edit one case at the same moment, one instance (${DB})`, () => {
  let t: TestApp;
  let server: App;

  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer() as App;
  }, 60_000);
  afterAll(async () => t.close());

  it('accepts exactly one of two steps sent on the same seq; the other gets 409 CONFLICT; the log stays 1..N', async () => {
    const d = await CaseDriver.start(server, 'Deux personnes, un cas');
    await d.complete('intake', 'team_member', INTAKE);
    const [x, y] = await Promise.all([
      d.submit('danger_check', 'coordinator', { staffImplicated: false }, 2),
      d.submit('danger_check', 'principal', { staffImplicated: false }, 2),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const loser = x.status === 409 ? x : y;
    expect(loser.body).toEqual(jasmine.objectContaining({ statusCode: 409, code: 'CONFLICT', message: jasmine.any(String) }));
    expect(JSON.stringify(loser.body)).not.toMatch(/stack|Error:|SQLITE|at \//);
    const timeline = (await d.agents.principal.get(`/api/cases/${d.caseId}/timeline`).expect(200)).body as { seq: number }[];
    expect(timeline.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect((await checkIntegrity(t.app.get(DataSource))).problems).toEqual([]);
  });

  it('refuses a person correction based on a stale seq with 409, and keeps the first correction', async () => {
    const d = await CaseDriver.start(server, 'Correction concurrente');
    const person = (
      await d.agents.team_member
        .post(`/api/cases/${d.caseId}/people`)
        .set(XHR)
        .send({ role: 'target', kind: 'pupil', classLabel: '3AC-1' })
        .expect(201)
    ).body as { id: string };
    const { lastEventSeq } = await d.detail();
    const [x, y] = await Promise.all([
      d.agents.coordinator
        .patch(`/api/cases/${d.caseId}/people/${person.id}`)
        .set(XHR)
        .send({ classLabel: '3AC-2', expectedSeq: lastEventSeq }),
      d.agents.principal
        .patch(`/api/cases/${d.caseId}/people/${person.id}`)
        .set(XHR)
        .send({ classLabel: '3AC-3', expectedSeq: lastEventSeq }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const winner = x.status === 200 ? '3AC-2' : '3AC-3';
    expect((x.status === 409 ? x : y).body.code).toBe('CONFLICT');
    const people = (await d.agents.coordinator.get(`/api/cases/${d.caseId}/people`).expect(200)).body as {
      items: { id: string; classLabel: string }[];
    };
    expect(people.items.find((p) => p.id === person.id)?.classLabel).toBe(winner);
    expect((await d.detail()).lastEventSeq).toBe(lastEventSeq + 1);
  });
});

/** Can this process mount a tmpfs (root, and mount allowed)? Decides which disk-full variant runs. */
function tmpfsAllowed(): boolean {
  if (onPostgres() || process.env.SANAD_TEST_DISK_FULL === 'max_page_count') return false;
  const probe = mkdtempSync(join(tmpdir(), 'sanad-mount-probe-'));
  try {
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status !== 0) return false;
    spawnSync('umount', [probe]);
    return true;
  } catch {
    return false;
  } finally {
    rmdirSync(probe);
  }
}
const TMPFS = tmpfsAllowed();
const VARIANT = TMPFS ? 'SQLite file on a full tmpfs' : 'SQLite max_page_count reached';

/** Disk full during writes: a clear error, nothing corrupted, writes work again once space returns (no restart). */
describe(`Crash safety: disk full (${onPostgres() ? 'PostgreSQL' : VARIANT})`, () => {
  let t: TestApp | undefined;
  let mountPoint: string | undefined;
  let filler: string | undefined;

  afterAll(async () => {
    await t?.close();
    if (mountPoint) {
      spawnSync('umount', [mountPoint]);
      rmdirSync(mountPoint);
    }
  });

  it('answers 507 STORAGE_FULL with a message, keeps the data whole, and accepts writes again once space is freed', async () => {
    if (onPostgres()) {
      pending('PostgreSQL: its data directory is not on a file system this test controls; the SQLite run covers the error mapping');
      return;
    }
    if (TMPFS) {
      mountPoint = mkdtempSync(join(tmpdir(), 'sanad-full-'));
      expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mountPoint]).status).toBe(0);
      mkdirSync(join(mountPoint, 'db'));
      t = await startTestApp({ SQLITE_PATH: join(mountPoint, 'db', 'sanad.sqlite') });
    } else {
      t = await startTestApp();
    }
    const db = t.app.get(DataSource);
    const server = t.app.getHttpServer() as App;
    const d = await CaseDriver.start(server, 'Avant le disque plein');
    await d.complete('intake', 'team_member', INTAKE);
    const dangerCheck = fillForm(findStep(await d.def(), 'danger_check')!, (await d.detail()).facts, { staffImplicated: false });
    const lastSeq = async () => (await db.getRepository(CaseRecord).findOneByOrFail({ id: d.caseId })).lastEventSeq;

    // fill the disk: a big file next to the database leaving a few pages, or cap the database at its size
    if (TMPFS) {
      filler = join(mountPoint!, 'filler.bin');
      const free = Number(statfsSync(mountPoint!).bavail) * Number(statfsSync(mountPoint!).bsize);
      writeFileSync(filler, Buffer.alloc(Math.max(0, free - 96 * 1024)));
    } else {
      const [{ page_count }] = await db.query<{ page_count: number }[]>('PRAGMA page_count');
      await db.query(`PRAGMA max_page_count = ${page_count + 8}`);
    }

    // write until the disk refuses, then some more: each write either succeeds whole or is refused with 507
    const refused: request.Response[] = [];
    const other: string[] = [];
    const acked: string[] = [];
    for (let i = 0; i < 600 && refused.length < 10; i++) {
      const res = await d.agents.team_member
        .post('/api/cases')
        .set(XHR)
        .set('Accept-Language', 'fr')
        .send({ title: `Plein ${i}`, occurredOn: '2026-11-02' });
      if (res.status === 201) acked.push((res.body as { id: string }).id);
      else if (res.status === 507) refused.push(res);
      else other.push(`${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(other).toEqual([]);
    expect(refused.length).withContext(`no write refused after ${acked.length} cases`).toBeGreaterThan(0);
    for (const res of refused) {
      expect(res.body).toEqual({
        statusCode: 507,
        code: 'STORAGE_FULL',
        message: translate('STORAGE_FULL', 'fr'),
        requestId: jasmine.any(String),
      });
    }
    // a step on an existing case: done whole (200) or refused (507) leaving the case as it was
    const step = await d.agents.coordinator
      .post(`/api/cases/${d.caseId}/steps/danger_check`)
      .set(XHR)
      .send({ expectedSeq: 2, ...dangerCheck });
    expect([200, 507]).toContain(step.status);
    expect(await lastSeq()).toBe(step.status === 200 ? 3 : 2);
    // nothing is corrupted, everything acknowledged is there
    expect((await checkIntegrity(db)).problems).toEqual([]);
    expect(await db.getRepository(CaseRecord).countBy({ id: In(acked) })).toBe(acked.length);

    // space returns: writes succeed again, same process, no restart
    if (filler) rmSync(filler);
    else await db.query('PRAGMA max_page_count = 1073741823');
    await d.agents.team_member.post('/api/cases').set(XHR).send({ title: 'Après le disque plein', occurredOn: '2026-11-02' }).expect(201);
    if (step.status === 507) {
      await d.agents.coordinator
        .post(`/api/cases/${d.caseId}/steps/danger_check`)
        .set(XHR)
        .send({ expectedSeq: 2, ...dangerCheck })
        .expect(200);
    }
    expect((await d.detail()).lastEventSeq).toBe(3);
    expect((await checkIntegrity(db)).problems).toEqual([]);
  }, 60_000);
});
