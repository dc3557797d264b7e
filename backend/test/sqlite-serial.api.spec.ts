import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { groupCommits, serialiseSqliteTransactions } from '../src/database/sqlite-serial';

/**
 * SQLite through TypeORM 1 has one connection and one shared query runner: without the queue of
 * database/sqlite-serial.ts, a transaction started while another is open is nested in it as a savepoint, so an
 * acknowledged commit can be undone by the other's rollback.
 */
describe('SQLite transactions of concurrent requests (database/sqlite-serial.ts)', () => {
  let dir: string;
  let ds: DataSource;

  beforeEach(async () => {
    serialiseSqliteTransactions();
    dir = mkdtempSync(join(tmpdir(), 'sanad-serial-'));
    ds = new DataSource({ type: 'better-sqlite3', database: join(dir, 'db.sqlite'), enableWAL: true });
    await ds.initialize();
    await ds.query('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  });

  afterEach(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('a committed transaction stays committed when another one, open at the same time, rolls back', async () => {
    const a = ds.transaction(async (m) => {
      await m.query(`INSERT INTO t (v) VALUES ('a')`);
      await tick();
      await tick();
    });
    const b = ds.transaction(async (m) => {
      await tick();
      await m.query(`INSERT INTO t (v) VALUES ('b')`);
      await tick();
      await tick();
      await tick();
      throw new Error('conflict');
    });
    const results = await Promise.allSettled([a, b]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(await ds.query('SELECT v FROM t')).toEqual([{ v: 'a' }]);
  });

  it('a query outside any transaction is not swallowed by another request’s rolled-back transaction', async () => {
    const tx = ds.transaction(async (m) => {
      await m.query(`INSERT INTO t (v) VALUES ('tx')`);
      await tick();
      await tick();
      throw new Error('rolled back');
    });
    const outside = (async () => {
      await tick();
      await ds.query(`INSERT INTO t (v) VALUES ('outside')`);
    })();
    await Promise.allSettled([tx, outside]);
    expect(await ds.query('SELECT v FROM t')).toEqual([{ v: 'outside' }]);
  });

  it('nested transactions of the same code are savepoints: the inner one rolls back alone', async () => {
    await ds.transaction(async (m) => {
      await m.query(`INSERT INTO t (v) VALUES ('outer')`);
      await m
        .transaction(async (inner) => {
          await inner.query(`INSERT INTO t (v) VALUES ('inner')`);
          throw new Error('inner fails');
        })
        .catch(() => undefined);
    });
    expect(await ds.query('SELECT v FROM t')).toEqual([{ v: 'outer' }]);
  });

  it('group commit: a transaction is answered only once committed (another connection sees its row then)', async () => {
    const other = new Database(join(dir, 'db.sqlite'), { readonly: true });
    try {
      const seen: boolean[] = [];
      const before = { ...groupCommits };
      const runs = Array.from({ length: 30 }, (_, i) =>
        ds
          .transaction(async (m) => {
            await m.query(`INSERT INTO t (v) VALUES (?)`, [`g${i}`]);
            await tick();
          })
          .then(() => seen.push((other.prepare('SELECT COUNT(*) AS n FROM t WHERE v = ?').get(`g${i}`) as { n: number }).n === 1)),
      );
      await Promise.all(runs);
      expect(seen.length).toBe(30);
      expect(seen.every(Boolean)).toBeTrue();
      // the 30 transactions, queued together, shared a few COMMITs
      expect(groupCommits.transactions - before.transactions).toBe(30);
      expect(groupCommits.commits - before.commits).toBeLessThan(10);
    } finally {
      other.close();
    }
  });

  it('group commit: when the shared COMMIT fails, every transaction of the group fails and none is kept', async () => {
    // a deferred foreign key is checked at COMMIT only: one member's orphan row makes the group's COMMIT fail
    await ds.query('CREATE TABLE p (id INTEGER PRIMARY KEY)');
    await ds.query('CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)');
    const member = (i: number, orphan: boolean) =>
      ds.transaction(async (m) => {
        await tick();
        await m.query(`INSERT INTO t (v) VALUES (?)`, [`m${i}`]);
        if (orphan) await m.query('INSERT INTO c (p) VALUES (42)');
        await tick();
      });
    const results = await Promise.allSettled([member(0, false), member(1, true), member(2, false)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await ds.query('SELECT v FROM t')).toEqual([]);
    expect(await ds.query('SELECT * FROM c')).toEqual([]);
    // the next transaction works as usual
    await member(3, false);
    expect(await ds.query('SELECT v FROM t')).toEqual([{ v: 'm3' }]);
  });

  it('fifty concurrent transactions, one in three failing: exactly the others are kept', async () => {
    const runs = Array.from({ length: 50 }, (_, i) =>
      ds.transaction(async (m) => {
        await tick();
        await m.query(`INSERT INTO t (v) VALUES (?)`, [`r${i}`]);
        await tick();
        if (i % 3 === 0) throw new Error('fails');
      }),
    );
    const results = await Promise.allSettled(runs);
    const kept = (await ds.query<{ v: string }[]>('SELECT v FROM t ORDER BY id')).map((r) => r.v);
    const expected = results.flatMap((r, i) => (r.status === 'fulfilled' ? [`r${i}`] : []));
    expect(kept.sort()).toEqual(expected.sort());
    expect(expected.length).toBe(33);
  });
});
