import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoData, referenceData } from '@sanad/seeds';
import { CaseRecord } from '../src/cases/case.entities';
import { createDataSource } from '../src/database/data-source';
import { prepareDatabase } from '../src/database/prepare';
import { JsonLogger } from '../src/common/json-logger';
import { startTestApp, type TestApp } from './support/test-app';

async function counts(t: TestApp): Promise<Record<string, number>> {
  const db = createDataSource(t.config);
  await db.initialize();
  try {
    const out: Record<string, number> = {};
    for (const table of ['regions', 'provinces', 'schools', 'users', 'cases', 'case_events']) {
      const rows = await db.query<{ n: number | string }[]>(`SELECT COUNT(*) AS n FROM ${table}`);
      out[table] = Number(rows[0].n);
    }
    return out;
  } finally {
    await db.destroy();
  }
}

describe('API: start-up preparation (migrations + seeds)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  it('loads the 12 regions, their provinces, the demo schools, accounts and cases', async () => {
    const c = await counts(t);
    expect(c.regions).toBe(12);
    expect(c.provinces).toBe(referenceData.provinces.length);
    expect(c.schools).toBe(demoData.schools.length);
    expect(c.users).toBe(demoData.users.length);
    expect(c.cases).toBe(demoData.cases.length);
    const scripted = demoData.cases.reduce((n, k) => n + 1 + (k.script?.length ?? 0), 0);
    expect(c.case_events).toBe(scripted);
  });

  it('replays demo cases into every state of the protocol, each where its script says', async () => {
    const db = createDataSource(t.config);
    await db.initialize();
    try {
      const rows = await db.getRepository(CaseRecord).find();
      const states = new Set(rows.map((r) => r.state));
      for (const s of [
        'REPORTED',
        'TRIAGED',
        'EDUCATIONAL_RESPONSE',
        'MPP_IN_PROGRESS',
        'FORMAL_IN_PROGRESS',
        'EMERGENCY_ESCALATED',
        'MONITORING',
        'CLOSURE_PROPOSED',
        'CLOSED',
        'REOPENED',
      ]) {
        expect(states.has(s)).withContext(s).toBeTrue();
      }
      for (const k of demoData.cases) {
        if (k.expectedState)
          expect(rows.find((r) => r.id === k.id)?.state)
            .withContext(k.reference)
            .toBe(k.expectedState);
      }
    } finally {
      await db.destroy();
    }
  });

  it('changes nothing when run a second time', async () => {
    const before = await counts(t);
    await prepareDatabase(t.config, new JsonLogger('silent'));
    expect(await counts(t)).toEqual(before);
  });
});

describe('API: production start-up', () => {
  it('loads reference data but never demo data', async () => {
    // production never creates the master key: the operator provides it (docs/evidence.md)
    const keyDir = mkdtempSync(join(tmpdir(), 'sanad-key-'));
    const keyFile = join(keyDir, 'master.key');
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    const t = await startTestApp({
      NODE_ENV: 'production',
      SESSION_SECRET: 'p'.repeat(40),
      MASTER_KEY_FILE: keyFile,
      SEED_DEMO: 'false',
    });
    try {
      const c = await counts(t);
      expect(c.regions).toBe(12);
      expect(c.users).toBe(0);
      expect(c.cases).toBe(0);
    } finally {
      await t.close();
      rmSync(keyDir, { recursive: true, force: true });
    }
  });

  it('refuses to start without its master key', async () => {
    await expectAsync(
      startTestApp({
        NODE_ENV: 'production',
        SESSION_SECRET: 'p'.repeat(40),
        MASTER_KEY_FILE: join(tmpdir(), 'no-such-sanad.key'),
        SEED_DEMO: 'false',
      }),
    ).toBeRejectedWithError(/master key file .* not found/);
  });
});
