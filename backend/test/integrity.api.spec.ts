import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { CaseEvent, CaseRecord } from '../src/cases/case.entities';
import { checkIntegrity, formatIntegrity } from '../src/database/integrity';
import { png } from '../src/evidence/evidence-fixtures';
import { EVIDENCE_CONTENTS_TABLE } from '../src/evidence/evidence.entities';
import { KEY_RING } from '../src/evidence/evidence.service';
import type { KeyRing } from '../src/evidence/key-ring';
import { CaseDriver, XHR } from './support/case-driver';
import { onPostgres, startTestApp, type TestApp } from './support/test-app';

/** The integrity check (issue #10, database/integrity.ts) on a real database: ok on good data, each corruption named. */
describe('API: integrity check', () => {
  let t: TestApp;
  let db: DataSource;
  let ring: KeyRing;
  let driver: CaseDriver;
  let itemId: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    ring = t.app.get<KeyRing>(KEY_RING);
    driver = await CaseDriver.start(t.app.getHttpServer() as App, 'Cas pour le contrôle');
    await driver.reported(); // creation, intake, danger check: events 1..3 at least
    const res = await driver.agents.team_member
      .post(`/api/cases/${driver.caseId}/evidence/files`)
      .set(XHR)
      .attach('file', png(), { filename: 'capture.png', contentType: 'image/png' })
      .field('title', 'Capture')
      .expect(201);
    itemId = (res.body as { id: string }).id;
  });
  afterAll(async () => t.close());

  const caseRow = () => db.getRepository(CaseRecord).findOneByOrFail({ id: driver.caseId });

  it('is ok on seeded data with an evidence file, counts the main tables and verifies the contents', async () => {
    const report = await checkIntegrity(db, { keyRing: ring });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBeTrue();
    for (const table of [
      'cases',
      'case_events',
      'case_people',
      'evidence_items',
      'evidence_custody',
      'users',
      'audit_log',
      'transmissions',
    ])
      expect(report.counts[table]).withContext(table).toBeGreaterThanOrEqual(0);
    expect(report.counts.cases).toBeGreaterThan(1);
    expect(report.counts.case_events).toBeGreaterThanOrEqual(report.counts.cases);
    expect(report.counts.audit_log).toBeGreaterThan(0);
    expect(report.counts.evidence_contents_verified).toBe(report.counts.evidence_contents);
    expect(report.counts.evidence_contents).toBeGreaterThanOrEqual(1);
    expect(formatIntegrity(report)).toMatch(/^integrity ok\ncounts:\n {2}schools: \d+\n/);
    // without a key ring the contents are not opened
    expect((await checkIntegrity(db)).counts.evidence_contents_verified).toBeUndefined();
  });

  it('names a case whose event log lost an event in the middle', async () => {
    const before = await caseRow();
    expect(before.lastEventSeq).toBeGreaterThanOrEqual(3);
    const middle = await db.getRepository(CaseEvent).findOneByOrFail({ caseId: driver.caseId, seq: 2 });
    await db.getRepository(CaseEvent).delete({ id: middle.id });
    try {
      const report = await checkIntegrity(db);
      expect(report.ok).toBeFalse();
      expect(report.problems).toEqual([
        `case ${driver.caseId}: events missing from the log (${before.lastEventSeq - 1} events numbered 1..${before.lastEventSeq}, lastEventSeq ${before.lastEventSeq})`,
      ]);
      expect(formatIntegrity(report)).toContain(`integrity PROBLEMS (1):\n  - case ${driver.caseId}: events missing`);
    } finally {
      await db.getRepository(CaseEvent).save(middle);
    }
    expect((await checkIntegrity(db)).ok).toBeTrue();
  });

  it('names a case whose lastEventSeq does not match its events, either way', async () => {
    const { lastEventSeq } = await caseRow();
    const repo = db.getRepository(CaseRecord);
    try {
      await repo.update({ id: driver.caseId }, { lastEventSeq: lastEventSeq + 2 });
      expect((await checkIntegrity(db)).problems).toEqual([
        `case ${driver.caseId}: lastEventSeq ${lastEventSeq + 2} but the last event is seq ${lastEventSeq}`,
      ]);
      await repo.update({ id: driver.caseId }, { lastEventSeq: lastEventSeq - 1 });
      expect((await checkIntegrity(db)).problems).toEqual([
        `case ${driver.caseId}: events beyond lastEventSeq (lastEventSeq ${lastEventSeq - 1}, last event seq ${lastEventSeq})`,
      ]);
    } finally {
      await repo.update({ id: driver.caseId }, { lastEventSeq });
    }
    expect((await checkIntegrity(db)).ok).toBeTrue();
  });

  it('names a partial case (a case row without any event)', async () => {
    const events = await db.getRepository(CaseEvent).findBy({ caseId: driver.caseId });
    await db.getRepository(CaseEvent).delete({ caseId: driver.caseId });
    try {
      const { problems } = await checkIntegrity(db);
      expect(problems).toEqual([`case ${driver.caseId} has no events (partial case: lastEventSeq ${events.length})`]);
    } finally {
      await db.getRepository(CaseEvent).save(events);
    }
  });

  it('names an evidence content altered by one byte, and one missing, only when given the key ring', async () => {
    const read = async () =>
      (
        await db
          .createQueryBuilder()
          .select('c."ciphertext"', 'ciphertext')
          .from(EVIDENCE_CONTENTS_TABLE, 'c')
          .where('c."itemId" = :itemId', { itemId })
          .getRawOne<{ ciphertext: Buffer }>()
      )?.ciphertext;
    const write = (ciphertext: Buffer) =>
      db.createQueryBuilder().update(EVIDENCE_CONTENTS_TABLE).set({ ciphertext }).where('"itemId" = :itemId', { itemId }).execute();
    const original = Buffer.from((await read())!);
    const altered = Buffer.from(original);
    altered[Math.floor(altered.length / 2)] ^= 0x01;
    await write(altered);
    try {
      expect((await checkIntegrity(db)).ok)
        .withContext('contents are not opened without a key ring')
        .toBeTrue();
      const report = await checkIntegrity(db, { keyRing: ring });
      expect(report.problems).toEqual([`evidence item ${itemId}: content unreadable: it does not decrypt (altered content or key)`]);
      expect(report.counts.evidence_contents_verified).toBe(report.counts.evidence_contents - 1);
    } finally {
      await write(original);
    }
    expect((await checkIntegrity(db, { keyRing: ring })).ok).toBeTrue();
  });

  it('names a file whose decrypted content does not match the stored hash, and a file item without content', async () => {
    const repo = db.getRepository('evidence_items');
    const { storedSha256 } = (await repo.findOneByOrFail({ id: itemId })) as { storedSha256: string };
    await repo.update({ id: itemId }, { storedSha256: '0'.repeat(64) });
    try {
      expect((await checkIntegrity(db, { keyRing: ring })).problems).toEqual([
        `evidence item ${itemId}: content does not match its stored SHA-256`,
      ]);
    } finally {
      await repo.update({ id: itemId }, { storedSha256 });
    }
    // a content row gone while the item is not marked deleted
    const content = await db
      .createQueryBuilder()
      .select('*')
      .from(EVIDENCE_CONTENTS_TABLE, 'c')
      .where('c."itemId" = :itemId', { itemId })
      .getRawOne<Record<string, unknown>>();
    await db.createQueryBuilder().delete().from(EVIDENCE_CONTENTS_TABLE).where('"itemId" = :itemId', { itemId }).execute();
    try {
      expect((await checkIntegrity(db, { keyRing: ring })).problems).toEqual([
        `evidence item ${itemId}: file content missing (the item is not marked deleted)`,
      ]);
    } finally {
      await db.createQueryBuilder().insert().into(EVIDENCE_CONTENTS_TABLE).values(content!).updateEntity(false).execute();
    }
    expect((await checkIntegrity(db, { keyRing: ring })).ok).toBeTrue();
  });

  it('reports a broken audit chain with the audit:verify line', async () => {
    const row = await db.query<{ seq: number; ip: string | null }[]>(`SELECT "seq", "ip" FROM "audit_log" ORDER BY "seq" DESC LIMIT 1`);
    const { seq, ip } = row[0];
    await db.query(`UPDATE "audit_log" SET "ip" = '10.9.9.9' WHERE "seq" = ${Number(seq)}`);
    try {
      const { problems } = await checkIntegrity(db);
      expect(problems.length).toBe(1);
      expect(problems[0]).toMatch(new RegExp(`^audit chain BROKEN at seq ${Number(seq)}: hash_mismatch`));
    } finally {
      await db.query(`UPDATE "audit_log" SET "ip" = ${onPostgres() ? '$1' : '?'} WHERE "seq" = ${Number(seq)}`, [ip]);
    }
  });

  it('reports an event of a missing case (SQLite: also the foreign key check)', async () => {
    if (onPostgres()) {
      pending('PostgreSQL enforces the foreign key: an event of a missing case cannot be written there');
      return;
    }
    const ghost = '00000000-0000-4000-8000-00000000dead';
    const event = {
      ...(await db.getRepository(CaseEvent).findOneByOrFail({ caseId: driver.caseId, seq: 1 })),
      id: '00000000-0000-4000-8000-0000000e0e0e',
      caseId: ghost,
    };
    await db.query('PRAGMA foreign_keys = OFF');
    try {
      await db.getRepository(CaseEvent).save(event);
      const { problems } = await checkIntegrity(db);
      expect(problems).toEqual([
        `case_events row ${event.id} refers to a missing row of cases (foreign key check)`,
        `1 event(s) refer to case ${ghost}, which does not exist`,
      ]);
    } finally {
      await db.getRepository(CaseEvent).delete({ id: event.id });
      await db.query('PRAGMA foreign_keys = ON');
    }
  });
});
