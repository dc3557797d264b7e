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

  it('loads the 12 regions, the demo schools, accounts and cases', async () => {
    const c = await counts(t);
    expect(c.regions).toBe(12);
    expect(c.schools).toBe(2);
    expect(c.users).toBe(5);
    expect(c.cases).toBe(4);
    expect(c.case_events).toBe(4);
  });

  it('changes nothing when run a second time', async () => {
    const before = await counts(t);
    await prepareDatabase(t.config, new JsonLogger('silent'));
    expect(await counts(t)).toEqual(before);
  });
});

describe('API: production start-up', () => {
  it('loads reference data but never demo data', async () => {
    const t = await startTestApp({
      NODE_ENV: 'production',
      SESSION_SECRET: 'p'.repeat(40),
      MASTER_KEY_FILE: '/tmp/sanad-test-master.key',
      SEED_DEMO: 'false',
    });
    try {
      const c = await counts(t);
      expect(c.regions).toBe(12);
      expect(c.users).toBe(0);
      expect(c.cases).toBe(0);
    } finally {
      await t.close();
    }
  });
});
