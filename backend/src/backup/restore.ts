import { randomBytes } from 'node:crypto';
import {
  type WriteStream,
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppConfig } from '../config/config';
import type { KeyRing } from '../evidence/key-ring';
import { Progress, type ProgressSink } from '../common/progress';
import { ArchiveError, readArchive, readArchiveHeader } from './archive';
import type { BackupManifest, LongRunOptions } from './backup';
import {
  pgBusinessRows,
  pgTool,
  sqliteBusinessRows,
  sqliteIntegrity,
  summarisePg,
  summariseSqlite,
  withPg,
  type DatabaseSummary,
} from './database-copy';

/** The restore would overwrite data, or cannot apply to this instance: nothing was changed. */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** tables whose row count differs from the manifest's (empty when all match) */
  mismatches: string[];
  ms: number;
}

const silent: ProgressSink = { write: () => undefined, isTTY: false };

/** Differences between what the archive says it holds and what the restored database holds. */
export function compareCounts(expected: DatabaseSummary, actual: DatabaseSummary): string[] {
  const names = new Set([...Object.keys(expected.counts), ...Object.keys(actual.counts)]);
  const out: string[] = [];
  for (const t of [...names].sort()) {
    if (expected.counts[t] !== actual.counts[t])
      out.push(`${t}: ${expected.counts[t] ?? 'absent'} in the archive, ${actual.counts[t] ?? 'absent'} restored`);
  }
  if (expected.migrations.join() !== actual.migrations.join()) out.push('migrations: not the ones of the archive');
  return out;
}

/**
 * Restores an archive into an empty instance (no case and no account yet: a new or freshly migrated database).
 * The archive is decrypted and authenticated completely into private temporary files before anything is
 * touched; then SQLite: the copy is checked (`integrity_check`, counts) and renamed over the database file (an
 * atomic step); PostgreSQL: `psql --single-transaction` drops the empty schema and replays the dump in one
 * transaction. An error or an interruption at any point leaves the instance as it was.
 *
 * The caller then applies newer migrations (an archive of an older version) and checks integrity.
 */
export async function restoreBackup(
  config: AppConfig,
  ring: KeyRing,
  archive: string,
  options: LongRunOptions = {},
): Promise<RestoreResult> {
  const started = Date.now();
  if (!existsSync(archive)) throw new RestoreRefused(`restore: ${archive} not found`);
  const { header, size } = readArchiveHeader(archive);
  const kind = config.database.type === 'postgres' ? 'postgres' : 'sqlite';
  if (header.database !== kind)
    throw new RestoreRefused(
      `restore: this archive holds a ${header.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database; this instance is configured for ${kind === 'sqlite' ? 'SQLite (no DATABASE_URL)' : 'PostgreSQL (DATABASE_URL)'}`,
    );
  const notEmpty = (n: number) =>
    new RestoreRefused(`restore: the target database already holds data (${n} cases and accounts): restore only into an empty instance`);
  if (config.database.type === 'better-sqlite3') {
    if (config.database.path === ':memory:') throw new RestoreRefused('restore: SQLITE_PATH is :memory:');
    if (existsSync(config.database.path)) {
      const n = sqliteBusinessRows(config.database.path);
      if (n) throw notEmpty(n);
    }
  } else {
    const n = await withPg(config.database.url, pgBusinessRows);
    if (n) throw notEmpty(n);
  }

  const scratchDir = config.database.type === 'better-sqlite3' ? dirname(config.database.path) : join(config.dataDir, 'restore');
  mkdirSync(scratchDir, { recursive: true, mode: 0o700 });
  const tag = randomBytes(4).toString('hex');
  const dbFile = join(scratchDir, `.restore-${tag}.${kind === 'sqlite' ? 'sqlite' : 'sql'}`);
  const guard = options.guard;
  let stream: WriteStream | null = null;
  const sink = options.sink === null ? silent : options.sink;
  try {
    // 1. decrypt and authenticate everything into private files
    let manifestText = '';
    const decrypting = new Progress('restore: decrypting', size / 1e6, { unit: 'MB', decimals: 1, sink });
    let read = 0;
    const expected = kind === 'sqlite' ? 'database.sqlite' : 'database.sql';
    let sawDatabase = false;
    await readArchive(
      archive,
      ring,
      {
        open: (name) => {
          if (name === 'manifest.json') return (chunk: Buffer) => (manifestText += chunk.toString('utf8'));
          if (name === expected && !sawDatabase) {
            sawDatabase = true;
            // opened here, synchronously, so that the `finally` below always finds (and deletes) it
            stream = createWriteStream('', { fd: openSync(dbFile, 'wx', 0o600) });
            return stream;
          }
          throw new ArchiveError(`archive: unexpected entry "${name}"`);
        },
      },
      (n) => {
        read += n;
        decrypting.update(read / 1e6);
        guard?.check();
      },
    );
    decrypting.finish();
    if (!sawDatabase) throw new ArchiveError('archive: no database in it');
    const manifest = JSON.parse(manifestText) as BackupManifest;
    const missingKeys = manifest.evidenceKeyIds.filter((id) => !ring.has(id));
    if (missingKeys.length)
      throw new RestoreRefused(
        `restore: the evidence in this archive is encrypted with master key(s) ${missingKeys.join(', ')}, not in the key ring: add them to MASTER_KEY_FILE first`,
      );
    guard?.check();

    // 2. put it in place, in one step
    let mismatches: string[];
    if (config.database.type === 'better-sqlite3') {
      const integrity = sqliteIntegrity(dbFile);
      if (integrity !== 'ok') throw new ArchiveError(`archive: the database in it fails integrity_check (${integrity})`);
      mismatches = compareCounts(manifest, await summariseSqlite(dbFile));
      if (mismatches.length) throw new ArchiveError(`archive: the database does not match its manifest: ${mismatches.join('; ')}`);
      guard?.check();
      const target = config.database.path;
      // a freshly migrated empty file (checked above) is replaced, its journal with it
      for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
      renameSync(dbFile, target);
      const dirFd = openSync(dirname(target), 'r');
      try {
        fsyncSync(dirFd);
      } finally {
        closeSync(dirFd);
      }
    } else {
      const url = config.database.url;
      const replaying = new Progress('restore: loading into PostgreSQL', statSync(dbFile).size / 1e6, { unit: 'MB', decimals: 1, sink });
      const psql = pgTool('psql', ['--no-psqlrc', '--quiet', '--single-transaction', '--set=ON_ERROR_STOP=1', '--output=/dev/null'], url);
      let sent = 0;
      async function* script(): AsyncGenerator<Buffer> {
        // the emptiness was checked above; the schema is recreated inside the same transaction as the data
        yield Buffer.from('DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n');
        for await (const chunk of createReadStream(dbFile, { highWaterMark: 1 << 20 })) {
          const b = chunk as Buffer;
          sent += b.length;
          replaying.update(sent / 1e6);
          guard?.check();
          yield b;
        }
      }
      try {
        await Promise.all([pipeline(Readable.from(script()), psql.child.stdin!), psql.done]);
      } catch (error) {
        psql.child.kill('SIGTERM'); // the transaction is rolled back
        await psql.done.catch(() => undefined);
        throw error;
      }
      replaying.finish();
      mismatches = compareCounts(manifest, await withPg(url, summarisePg));
    }
    return { manifest, mismatches, ms: Date.now() - started };
  } finally {
    const open = stream as WriteStream | null;
    if (open && !open.closed) await new Promise<void>((resolve) => open.destroy().once('close', () => resolve()));
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${dbFile}${suffix}`, { force: true });
  }
}
