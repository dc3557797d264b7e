import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../src/common/json-logger';
import { Interrupted, type InterruptGuard } from '../src/common/progress';
import { createDataSource, MIGRATIONS } from '../src/database/data-source';
import { checkIntegrity } from '../src/database/integrity';
import { prepareDatabase } from '../src/database/prepare';
import { png } from '../src/evidence/evidence-fixtures';
import { KeyRing } from '../src/evidence/key-ring';
import { ArchiveError, readArchiveHeader } from '../src/backup/archive';
import { archiveName, createBackup, listArchives, pruneArchives } from '../src/backup/backup';
import { RestoreRefused, restoreBackup } from '../src/backup/restore';
import { BackupScheduler } from '../src/backup/backup-scheduler';
import { CaseDriver, XHR } from './support/case-driver';
import { startTestApp, type TestApp } from './support/test-app';

const TITLE = 'Sauvegarde: rumeurs sur Yasmine B.';
const PUPIL = 'Yasmine Benali';

/** Every row of the tables that make a case file, in a stable order (evidence contents by hash). */
async function everything(db: DataSource): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['cases', 'case_events', 'case_people', 'evidence_items', 'evidence_custody', 'audit_log', 'users', 'memberships']) {
    const rows = await db.query<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
    out[table] = rows
      .map((r) =>
        JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))), (_k, v: unknown) =>
          typeof v === 'boolean' ? Number(v) : v,
        ),
      )
      .sort();
  }
  const contents = await db.query<{ itemId: string; ciphertext: Buffer }[]>('SELECT "itemId", "ciphertext" FROM "evidence_contents"');
  out.evidence_contents = contents.map((c) => `${c.itemId}:${createHash('sha256').update(c.ciphertext).digest('hex')}`).sort();
  return out;
}

/** Backups and restore (issue #10): backup → wipe → restore → every case, event and evidence hash is back. */
describe('backup and restore', () => {
  let t: TestApp;
  let dir: string;
  let archive: string;
  let before: Record<string, unknown[]>;
  let ring: KeyRing;

  const wipe = async () => {
    if (t.config.database.type === 'postgres') {
      const db = createDataSource(t.config);
      await db.initialize();
      await db.query('DROP SCHEMA IF EXISTS public CASCADE');
      await db.query('CREATE SCHEMA public');
      await db.destroy();
    } else for (const s of ['', '-wal', '-shm']) rmSync(`${t.config.database.path}${s}`, { force: true });
  };
  /** the instance as backed up (each spec starts from the state it needs: specs run in random order) */
  const withData = async () => {
    await wipe();
    await restoreBackup(t.config, ring, archive, { sink: null });
  };
  let backedUp: Awaited<ReturnType<typeof createBackup>>;
  const open = async () => {
    const db = createDataSource(t.config);
    await db.initialize();
    return db;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanad-backup-'));
    t = await startTestApp();
    const server = t.app.getHttpServer() as App;
    const d = await CaseDriver.start(server, TITLE);
    await d.reported();
    await d.agents.team_member
      .post(`/api/cases/${d.caseId}/people`)
      .set(XHR)
      .send({ role: 'target', kind: 'pupil', displayName: PUPIL, classLabel: '3AC-2' })
      .expect(201);
    await d.agents.team_member
      .post(`/api/cases/${d.caseId}/evidence/files`)
      .set(XHR)
      .attach('file', png(), { filepath: 'capture.png', contentType: 'application/octet-stream' } as unknown as { filename: string })
      .field('title', 'Capture du message')
      .expect(201);
    const db = t.app.get(DataSource);
    before = await everything(db);
    ring = KeyRing.load({ file: t.config.masterKeyFile, createIfMissing: false });
    archive = join(dir, archiveName(new Date('2026-11-22T23:15:00Z')));
    await t.app.close(); // the data folder (SQLite file, master key) stays until the end
    backedUp = await createBackup(t.config, ring, archive, { sink: null });
  }, 60_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(t.config.dataDir, { recursive: true, force: true });
  });

  it('writes one encrypted archive: the header says which key, nothing personal is readable', () => {
    const result = backedUp;
    expect(result.path).toBe(archive);
    expect(readdirSync(dir)).toEqual([archive.slice(dir.length + 1)]); // no temporary file left
    const { header } = readArchiveHeader(archive);
    expect(header.keyId).toBe(ring.current.id);
    expect(header.database).toBe(t.config.database.type === 'postgres' ? 'postgres' : 'sqlite');
    const bytes = readFileSync(archive);
    for (const secret of [TITLE, PUPIL, 'Capture du message', 'case_events', 'CREATE TABLE'])
      expect(bytes.includes(Buffer.from(secret, 'utf8')))
        .withContext(secret)
        .toBeFalse();
    expect(result.manifest.counts.cases).toBe(before.cases.length);
    expect(result.manifest.counts.evidence_contents).toBe(1);
    expect(result.manifest.evidenceKeyIds).toEqual([ring.current.id]);
    expect(result.manifest.migrations.length).toBeGreaterThan(10);
  });

  it('refuses to restore over data, with a clear message, and changes nothing', async () => {
    await withData();
    await expectAsync(restoreBackup(t.config, ring, archive, { sink: null })).toBeRejectedWithError(RestoreRefused, /already holds data/);
    const db = await open();
    expect((await everything(db)).cases).toEqual(before.cases);
    await db.destroy();
  });

  it('restores into an empty instance: every case, event and evidence hash is back, integrity verified', async () => {
    await wipe();
    const result = await restoreBackup(t.config, ring, archive, { sink: null });
    expect(result.mismatches).toEqual([]);
    expect(
      readdirSync(join(t.config.database.type === 'better-sqlite3' ? join(t.config.database.path, '..') : t.config.dataDir)).filter((f) =>
        f.startsWith('.restore-'),
      ),
    ).toEqual([]);
    await prepareDatabase({ ...t.config, seedDemo: false }, new JsonLogger('silent'));
    const db = await open();
    expect(await everything(db)).toEqual(before);
    const integrity = await checkIntegrity(db, { keyRing: ring });
    expect(integrity.problems).toEqual([]);
    expect(integrity.ok).toBeTrue();
    await db.destroy();
  });

  it('also restores into a freshly migrated empty database (reference data only)', async () => {
    await wipe();
    await prepareDatabase({ ...t.config, seedDemo: false }, new JsonLogger('silent'));
    const result = await restoreBackup(t.config, ring, archive, { sink: null });
    expect(result.mismatches).toEqual([]);
    const db = await open();
    expect(await everything(db)).toEqual(before);
    await db.destroy();
  });

  it('rejects an altered archive, or one without its key, before touching the database', async () => {
    await wipe();
    const bytes = readFileSync(archive);
    const altered = join(dir, 'altered.sanadbak');
    bytes[Math.floor(bytes.length * 0.6)] ^= 0x01;
    writeFileSync(altered, bytes);
    await expectAsync(restoreBackup(t.config, ring, altered, { sink: null })).toBeRejectedWithError(ArchiveError, /damaged or was altered/);
    const truncated = join(dir, 'truncated.sanadbak');
    writeFileSync(truncated, readFileSync(archive).subarray(0, 40));
    await expectAsync(restoreBackup(t.config, ring, truncated, { sink: null })).toBeRejectedWithError(ArchiveError);
    const otherKeyFile = join(dir, 'other.key');
    const other = KeyRing.load({ file: otherKeyFile, createIfMissing: true });
    await expectAsync(restoreBackup(t.config, other, archive, { sink: null })).toBeRejectedWithError(ArchiveError, /not in the key ring/);
    if (t.config.database.type === 'better-sqlite3') expect(existsSync(t.config.database.path)).toBeFalse();
    else {
      const db = await open();
      expect(await db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
      await db.destroy();
    }
    for (const f of ['altered.sanadbak', 'truncated.sanadbak', 'other.key']) rmSync(join(dir, f));
  });

  it('an interrupted restore leaves the instance as it was; an interrupted backup leaves no file', async () => {
    await wipe();
    let checks = 0;
    const guard = {
      check: () =>
        ++checks > 1
          ? (() => {
              throw new Interrupted('SIGINT');
            })()
          : undefined,
    } as unknown as InterruptGuard;
    const e = await restoreBackup(t.config, ring, archive, { sink: null, guard }).catch((x: unknown) => x);
    expect(e).withContext(String(e)).toBeInstanceOf(Interrupted);
    if (t.config.database.type === 'better-sqlite3') expect(existsSync(t.config.database.path)).toBeFalse();
    const scratch = t.config.database.type === 'better-sqlite3' ? join(t.config.database.path, '..') : join(t.config.dataDir, 'restore');
    expect(readdirSync(scratch).filter((f) => f.startsWith('.restore-'))).toEqual([]);
    // put the data back and interrupt a backup of it
    await restoreBackup(t.config, ring, archive, { sink: null });
    checks = 0;
    const second = join(dir, 'second.sanadbak');
    const e2 = await createBackup(t.config, ring, second, { sink: null, guard }).catch((x: unknown) => x);
    expect(e2).withContext(String(e2)).toBeInstanceOf(Interrupted);
    expect(readdirSync(dir).filter((f) => f !== archive.slice(dir.length + 1))).toEqual([]);
  });

  it('never overwrites an archive, and keeps the newest N of a folder', async () => {
    await withData();
    await expectAsync(createBackup(t.config, ring, archive, { sink: null })).toBeRejectedWithError(/already exists/);
    const folder = mkdtempSync(join(tmpdir(), 'sanad-backups-'));
    const made: string[] = [];
    for (const day of ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21']) {
      const name = archiveName(new Date(`${day}T02:00:00Z`));
      await createBackup(t.config, ring, join(folder, name), { sink: null });
      made.push(name);
    }
    writeFileSync(join(folder, 'notes.txt'), 'not an archive');
    expect(pruneArchives(folder, 2)).toEqual([made[1], made[0]]);
    expect(listArchives(folder)).toEqual([made[3], made[2]]);
    expect(existsSync(join(folder, 'notes.txt'))).toBeTrue();
    rmSync(folder, { recursive: true, force: true });
  });
});

/** Scheduled backups: one per interval whatever the number of instances, the newest N kept. */
describe('scheduled backups', () => {
  let a: TestApp;
  let b: TestApp;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'sanad-scheduled-'));
    const env = { BACKUP_INTERVAL_HOURS: '24', BACKUP_KEEP: '2', BACKUP_DIR: folder };
    a = await startTestApp(env);
    b = await startTestApp(env, { shareWith: a });
  }, 60_000);
  afterAll(async () => {
    await b.close();
    await a.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('backs up once per interval across two instances, and keeps the newest two archives', async () => {
    const onA = a.app.get(BackupScheduler);
    const onB = b.app.get(BackupScheduler);
    const day = (d: number, h = 2) => new Date(Date.UTC(2026, 10, d, h));
    const first = await Promise.all([onA.runOnce(day(10)), onB.runOnce(day(10))]);
    expect(first.filter((r) => r.ran).length).toBe(1);
    expect(listArchives(folder)).toEqual([archiveName(day(10))]);
    expect((await onB.runOnce(day(10, 20))).ran)
      .withContext('18 hours later: not due')
      .toBeFalse();
    expect((await onB.runOnce(day(11, 3))).ran).toBeTrue();
    const third = await onA.runOnce(day(12, 4));
    expect(third.ran && third.deleted).toEqual([archiveName(day(10))]);
    expect(listArchives(folder)).toEqual([archiveName(day(12, 4)), archiveName(day(11, 3))]);
    expect(a.logs.some((l) => l.includes('"backup.written"'))).toBeTrue();
  });
});

/** A backup taken while the server writes: consistent (one instant), restorable, integrity verified. */
describe('backup while the server writes', () => {
  it('archives one consistent state: restored, its counts match the manifest and the integrity check passes', async () => {
    const t = await startTestApp();
    const dir = mkdtempSync(join(tmpdir(), 'sanad-live-'));
    try {
      const server = t.app.getHttpServer() as App;
      const d = await CaseDriver.start(server, 'Écritures pendant la sauvegarde');
      let writing = true;
      let written = 0;
      const writer = (async () => {
        while (writing) {
          await d.agents.team_member
            .post('/api/cases')
            .set(XHR)
            .send({ title: `Cas ${written}`, occurredOn: '2026-11-02' })
            .expect(201);
          written++;
        }
      })();
      while (written < 3) await new Promise((r) => setTimeout(r, 20));
      const ring = KeyRing.load({ file: t.config.masterKeyFile, createIfMissing: false });
      const archive = join(dir, 'live.sanadbak');
      const before = written;
      const result = await createBackup(t.config, ring, archive, { sink: null });
      writing = false;
      await writer;
      expect(written).toBeGreaterThan(before); // the server kept writing during the backup
      await t.app.close();
      if (t.config.database.type === 'postgres') {
        const db = createDataSource(t.config);
        await db.initialize();
        await db.query('DROP SCHEMA public CASCADE');
        await db.query('CREATE SCHEMA public');
        await db.destroy();
      } else for (const s of ['', '-wal', '-shm']) rmSync(`${t.config.database.path}${s}`, { force: true });
      const restored = await restoreBackup(t.config, ring, archive, { sink: null });
      expect(restored.mismatches).toEqual([]);
      const db = createDataSource(t.config);
      await db.initialize();
      const report = await checkIntegrity(db, { keyRing: ring });
      expect(report.problems).toEqual([]);
      expect(Number((await db.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM "cases"'))[0].n)).toBe(result.manifest.counts.cases);
      await db.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(t.config.dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** An archive made by an older version (fewer migrations) is brought up to date after the restore. */
describe('restore of an older version', () => {
  it('restores the older schema as it was, then the migrations of this version apply and the data checks out', async () => {
    const t = await startTestApp();
    const dir = mkdtempSync(join(tmpdir(), 'sanad-old-'));
    try {
      await t.app.close();
      const db = createDataSource(t.config);
      await db.initialize();
      const cases = Number((await db.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM "cases"'))[0].n);
      for (let i = 0; i < 2; i++) await db.undoLastMigration({ transaction: 'each' });
      await db.destroy();
      const ring = KeyRing.load({ file: t.config.masterKeyFile, createIfMissing: true });
      const archive = join(dir, 'old.sanadbak');
      const made = await createBackup(t.config, ring, archive, { sink: null });
      expect(made.manifest.migrations.length).toBe(MIGRATIONS.length - 2);
      if (t.config.database.type === 'postgres') {
        const wipe = createDataSource(t.config);
        await wipe.initialize();
        await wipe.query('DROP SCHEMA public CASCADE');
        await wipe.query('CREATE SCHEMA public');
        await wipe.destroy();
      } else for (const s of ['', '-wal', '-shm']) rmSync(`${t.config.database.path}${s}`, { force: true });
      expect((await restoreBackup(t.config, ring, archive, { sink: null })).mismatches).toEqual([]);
      await prepareDatabase({ ...t.config, seedDemo: false }, new JsonLogger('silent'));
      const after = createDataSource(t.config);
      await after.initialize();
      expect(await after.showMigrations()).toBeFalse();
      expect(Number((await after.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM "cases"'))[0].n)).toBe(cases);
      const report = await checkIntegrity(after, { keyRing: ring });
      expect(report.problems).toEqual([]);
      await after.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(t.config.dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
