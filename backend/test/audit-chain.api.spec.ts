import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { verifyAuditChain } from '../src/audit/audit-chain';
import { AuditService, type AuditRecord } from '../src/audit/audit.service';
import { onPostgres, startTestApp, type TestApp } from './support/test-app';

/** Raw SQL written with `?` placeholders, on SQLite and PostgreSQL alike. */
function sql<T = Record<string, unknown>[]>(db: DataSource, text: string, params: unknown[] = []): Promise<T> {
  let i = 0;
  return db.query<T>(onPostgres() ? text.replace(/\?/g, () => `$${++i}`) : text, params);
}

const COLUMNS = [
  'id',
  'seq',
  'at',
  'actorId',
  'actorRole',
  'action',
  'schoolId',
  'caseId',
  'targetId',
  'ip',
  'details',
  'prevHash',
  'hash',
];

function entry(n: number): AuditRecord {
  return {
    action: n % 3 === 0 ? 'case.read' : n % 3 === 1 ? 'case.write' : 'auth.login',
    actor: { id: randomUUID(), role: 'coordinator', schoolId: randomUUID() },
    ip: `10.0.0.${n % 250}`,
    caseId: n % 3 === 2 ? null : randomUUID(),
    details: { n, step: 'danger_check', flags: ['a', 'b'], nested: { version: '1.1.0', ok: true } },
  };
}

async function lastSeq(db: DataSource): Promise<number> {
  const rows = await sql<{ max: number | null }[]>(db, 'SELECT MAX(seq) AS max FROM audit_log');
  return Number(rows[0]?.max ?? 0);
}

describe('Audit trail: hash chain', () => {
  let t: TestApp;
  let db: DataSource;
  let audit: AuditService;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    audit = t.app.get(AuditService);
    for (let n = 1; n <= 40; n++) await audit.record(entry(n));
  });
  afterAll(() => t.close());

  /** A middle entry, far from both ends. */
  async function middle(): Promise<number> {
    return Math.floor((await lastSeq(db)) / 2);
  }

  it('links every entry to the previous one and verifies a long chain', async () => {
    const rows = await sql<{ seq: number; prevHash: string; hash: string }[]>(
      db,
      'SELECT seq, "prevHash", hash FROM audit_log ORDER BY seq ASC',
    );
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(rows[0].seq).toBe(1);
    expect(rows[0].prevHash).toBe('0'.repeat(64));
    rows.forEach((r, i) => {
      expect(Number(r.seq)).toBe(i + 1);
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      if (i > 0) expect(r.prevHash).toBe(rows[i - 1].hash);
    });
    const result = await audit.verify();
    expect(result).toEqual({ ok: true, count: rows.length, lastHash: rows[rows.length - 1].hash });
    // in small batches too (the chain continues across batch boundaries)
    expect(await verifyAuditChain(db, { batchSize: 7 })).toEqual(result);
  });

  it('stores details as canonical JSON and never an undefined field', async () => {
    const [row] = await sql<{ details: string }[]>(db, 'SELECT details FROM audit_log WHERE seq = 1');
    expect(row.details).toBe('{"flags":["a","b"],"n":1,"nested":{"ok":true,"version":"1.1.0"},"step":"danger_check"}');
  });

  for (const [column, value] of [
    ['details', '{"n":999}'],
    ['action', 'case.list'],
    ['actorId', null],
    ['at', '2020-01-01T00:00:00.000Z'],
  ] as const) {
    it(`detects a ${column} changed through SQL at exactly that entry`, async () => {
      const seq = await middle();
      const [before] = await sql<Record<string, unknown>[]>(db, `SELECT "${column}" AS v FROM audit_log WHERE seq = ?`, [seq]);
      await sql(db, `UPDATE audit_log SET "${column}" = ? WHERE seq = ?`, [value, seq]);
      try {
        const result = await audit.verify();
        expect(result).toEqual({ ok: false, brokenAt: seq, reason: 'hash_mismatch', count: seq - 1 });
        expect(await verifyAuditChain(db, { batchSize: 5 })).toEqual(result);
      } finally {
        await sql(db, `UPDATE audit_log SET "${column}" = ? WHERE seq = ?`, [before.v, seq]);
      }
      expect((await audit.verify()).ok).toBeTrue();
    });
  }

  it('detects a modified entry whose own hash was recomputed, at the next entry', async () => {
    const seq = await middle();
    const [before] = await sql<{ hash: string }[]>(db, 'SELECT hash FROM audit_log WHERE seq = ?', [seq]);
    await sql(db, 'UPDATE audit_log SET hash = ? WHERE seq = ?', ['f'.repeat(64), seq]);
    try {
      // the stored hash no longer matches the entry; had the forger recomputed it, the next link would break
      expect(await audit.verify()).toEqual({ ok: false, brokenAt: seq, reason: 'hash_mismatch', count: seq - 1 });
    } finally {
      await sql(db, 'UPDATE audit_log SET hash = ? WHERE seq = ?', [before.hash, seq]);
    }
  });

  it('detects a deleted middle entry', async () => {
    const seq = await middle();
    const [row] = await sql<Record<string, unknown>[]>(db, 'SELECT * FROM audit_log WHERE seq = ?', [seq]);
    await sql(db, 'DELETE FROM audit_log WHERE seq = ?', [seq]);
    try {
      expect(await audit.verify()).toEqual({ ok: false, brokenAt: seq, reason: 'missing_entry', count: seq - 1 });
    } finally {
      await sql(
        db,
        `INSERT INTO audit_log (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
        COLUMNS.map((c) => row[c]),
      );
    }
    expect((await audit.verify()).ok).toBeTrue();
  });

  it('detects two entries swapped (reordered)', async () => {
    const seq = await middle();
    const swap = async () => {
      await sql(db, 'UPDATE audit_log SET seq = ? WHERE seq = ?', [-1, seq]);
      await sql(db, 'UPDATE audit_log SET seq = ? WHERE seq = ?', [seq, seq + 1]);
      await sql(db, 'UPDATE audit_log SET seq = ? WHERE seq = ?', [seq + 1, -1]);
    };
    await swap();
    try {
      expect(await audit.verify()).toEqual({ ok: false, brokenAt: seq, reason: 'prev_hash_mismatch', count: seq - 1 });
    } finally {
      await swap();
    }
    expect((await audit.verify()).ok).toBeTrue();
  });

  it('detects an entry deleted and the following ones renumbered', async () => {
    const seq = await middle();
    const [row] = await sql<Record<string, unknown>[]>(db, 'SELECT * FROM audit_log WHERE seq = ?', [seq]);
    const last = await lastSeq(db);
    await sql(db, 'DELETE FROM audit_log WHERE seq = ?', [seq]);
    // one by one, in order, so the unique index never sees two equal numbers
    for (let s = seq + 1; s <= last; s++) await sql(db, 'UPDATE audit_log SET seq = ? WHERE seq = ?', [s - 1, s]);
    try {
      expect(await audit.verify()).toEqual({ ok: false, brokenAt: seq, reason: 'prev_hash_mismatch', count: seq - 1 });
    } finally {
      for (let s = last; s > seq; s--) await sql(db, 'UPDATE audit_log SET seq = ? WHERE seq = ?', [s, s - 1]);
      await sql(
        db,
        `INSERT INTO audit_log (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
        COLUMNS.map((c) => row[c]),
      );
    }
    expect((await audit.verify()).ok).toBeTrue();
  });

  it('keeps a valid chain under 50 concurrent records', async () => {
    const before = await lastSeq(db);
    await Promise.all(Array.from({ length: 50 }, (_, i) => audit.record(entry(1000 + i))));
    const result = await audit.verify();
    expect(result).toEqual(jasmine.objectContaining({ ok: true, count: before + 50 }));
    expect(await lastSeq(db)).toBe(before + 50);
  });

  it('writes concurrent records together (group commit): a few multi-row INSERTs, not one per entry', async () => {
    const before = await lastSeq(db);
    // each append (head read + INSERT) builds two statements with db.createQueryBuilder(): 60 = 32 + 16 + 8 + 4 is
    // four appends, one per entry would be 60
    const statements = spyOn(db, 'createQueryBuilder').and.callThrough();
    await Promise.all(Array.from({ length: 60 }, (_, i) => audit.record(entry(3000 + i))));
    expect(statements.calls.count()).toBeGreaterThan(0);
    expect(statements.calls.count()).toBeLessThan(20);
    expect(await lastSeq(db)).toBe(before + 60);
    // in the order record was called
    const rows = await sql<{ details: string }[]>(db, 'SELECT details FROM audit_log WHERE seq > ? ORDER BY seq', [before]);
    expect(rows.map((r) => (JSON.parse(r.details) as { n: number }).n)).toEqual(Array.from({ length: 60 }, (_, i) => 3000 + i));
    expect(await audit.verify()).toEqual(jasmine.objectContaining({ ok: true, count: before + 60 }));
  });

  it('keeps a valid chain when writers race without the in-process queue (retry on the unique seq)', async () => {
    const before = await lastSeq(db);
    // five independent writers on one database: each has its own queue, so only the database orders them
    const writers = Array.from({ length: 5 }, () => new AuditService(db, t.config));
    await Promise.all(Array.from({ length: 50 }, (_, i) => writers[i % writers.length].record(entry(2000 + i))));
    expect(await lastSeq(db)).toBe(before + 50);
    expect(await audit.verify()).toEqual(jasmine.objectContaining({ ok: true, count: before + 50 }));
  });

  it('refuses details that could carry personal data, and unknown actions', async () => {
    const base = entry(1);
    await expectAsync(audit.record({ ...base, details: { email: 'parent@example.org' } })).toBeRejectedWithError(TypeError);
    await expectAsync(audit.record({ ...base, details: { note: 'the pupil Karim said' } })).toBeRejectedWithError(TypeError);
    await expectAsync(audit.record({ ...base, details: { list: [{ deep: { deeper: 'x' } }] } })).toBeRejectedWithError(TypeError);
    await expectAsync(audit.record({ ...base, action: 'case.burn' as never })).toBeRejectedWithError(TypeError);
    // a refused record does not block the ones after it
    await audit.record(base);
    expect((await audit.verify()).ok).toBeTrue();
  });
});

/** Two backend instances appending to one trail at once, as behind a load balancer. */
describe('Audit trail: two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({}, { shareWith: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('keep one valid chain when both record 50 entries concurrently', async () => {
    const onA = a.app.get(AuditService);
    const onB = b.app.get(AuditService);
    const db = a.app.get(DataSource);
    const before = await lastSeq(db);
    await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? onA : onB).record(entry(i))));
    const seqs = (await sql<{ seq: number }[]>(db, 'SELECT seq FROM audit_log ORDER BY seq')).map((r) => Number(r.seq));
    expect(seqs.length).toBe(before + 100);
    expect(seqs).toEqual(Array.from({ length: before + 100 }, (_, i) => i + 1));
    expect(await onB.verify()).toEqual(jasmine.objectContaining({ ok: true, count: before + 100 }));
  });

  it('commits the entries still queued when an instance shuts down', async () => {
    const db = a.app.get(DataSource);
    const before = await lastSeq(db);
    const c = await startTestApp({}, { shareWith: a });
    const recorded = Promise.all(Array.from({ length: 20 }, (_, i) => c.app.get(AuditService).record(entry(5000 + i))));
    await c.close();
    await recorded;
    expect(await lastSeq(db)).toBe(before + 20);
    expect(await a.app.get(AuditService).verify()).toEqual(jasmine.objectContaining({ ok: true, count: before + 20 }));
  });
});
