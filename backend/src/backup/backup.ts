import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { AppConfig } from '../config/config';
import type { KeyRing } from '../evidence/key-ring';
import { Progress, type InterruptGuard, type ProgressSink } from '../common/progress';
import { writeArchive, type ArchiveEntry } from './archive';
import { chunks, pgTool, summarisePg, summariseSqlite, withPg, type DatabaseSummary } from './database-copy';

/** The first entry of every archive: what it holds and what restoring it needs (never a key). */
export interface BackupManifest extends DatabaseSummary {
  format: 1;
  createdAt: string;
  app: string;
  database: 'sqlite' | 'postgres';
  /** the entry holding the database: `database.sqlite` (a SQLite file) or `database.sql` (pg_dump, plain SQL) */
  databaseEntry: 'database.sqlite' | 'database.sql';
  restore: string;
}

export interface BackupResult {
  path: string;
  bytes: number;
  ms: number;
  manifest: BackupManifest;
}

export interface LongRunOptions {
  /** where progress lines go (stderr by default); null: nowhere */
  sink?: ProgressSink | null;
  /** SIGINT/SIGTERM stop the operation cleanly (command line); the server's scheduler leaves it null */
  guard?: InterruptGuard | null;
  now?: () => Date;
}

export const ARCHIVE_EXTENSION = '.sanadbak';
const APP_VERSION = '0.1.0';

/** `sanad-20261122-231500Z.sanadbak`: sorts by time. */
export function archiveName(at: Date): string {
  return `sanad-${at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}Z${ARCHIVE_EXTENSION}`;
}

const silent: ProgressSink = { write: () => undefined, isTTY: false };

function progress(options: LongRunOptions, label: string, total: number, unit: string): Progress {
  return new Progress(label, total, { unit, decimals: unit === 'MB' ? 1 : 0, sink: options.sink === null ? silent : options.sink });
}

/**
 * One consistent, encrypted archive of the whole database (evidence contents included: they live in it, still
 * encrypted with their own keys). SQLite: the online backup API copies the live file in one read transaction
 * (the server keeps writing meanwhile), into a private temporary file deleted afterwards. PostgreSQL: `pg_dump` reads an exported snapshot,
 * the same one the manifest's counts are read from.
 *
 * The archive is written as `<out>.partial` and renamed when complete and synced: an interrupted or failed backup
 * leaves no archive behind, and never replaces an existing file.
 */
export async function createBackup(config: AppConfig, ring: KeyRing, out: string, options: LongRunOptions = {}): Promise<BackupResult> {
  if (existsSync(out)) throw new Error(`backup: ${out} already exists (an archive is never overwritten)`);
  mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
  const partial = `${out}.partial`;
  const started = Date.now();
  const createdAt = (options.now?.() ?? new Date()).toISOString();
  const check = () => options.guard?.check();
  const restore =
    'Restore into an empty instance with `npm run restore -- <archive>`, with the master key file that holds key ' +
    'keyId (header) and every key of evidenceKeyIds; the same database kind (SQLite or PostgreSQL).';
  rmSync(partial, { force: true });
  try {
    let manifest: BackupManifest;
    if (config.database.type === 'better-sqlite3') {
      if (config.database.path === ':memory:') throw new Error('backup: the database is in memory (SQLITE_PATH=:memory:)');
      const snapshot = join(dirname(out), `.${basename(out)}.${randomBytes(4).toString('hex')}.snapshot`);
      try {
        const pages = progress(options, 'backup: copying the database', 0, 'pages');
        const source = new Database(config.database.path, { readonly: true, fileMustExist: true });
        try {
          await source.backup(snapshot, {
            progress: ({ totalPages, remainingPages }) => {
              pages.setTotal(totalPages);
              pages.update(totalPages - remainingPages);
              check();
              // the rest in one step: a write by the server between two steps would restart the copy (SQLite's
              // online backup), so a busy server could delay it forever; one step is one read transaction,
              // consistent, and takes seconds (the archive's encryption, after it, shows the progress)
              return Math.max(remainingPages, 1);
            },
          });
        } finally {
          source.close();
        }
        pages.finish();
        check();
        manifest = {
          format: 1,
          createdAt,
          app: APP_VERSION,
          database: 'sqlite',
          databaseEntry: 'database.sqlite',
          restore,
          ...(await summariseSqlite(snapshot)),
        };
        const size = statSync(snapshot).size;
        const bytes = progress(options, 'backup: encrypting', size / 1e6, 'MB');
        let done = 0;
        await writeArchive(
          partial,
          ring,
          'sqlite',
          entries(manifest, chunks(createReadStream(snapshot, { highWaterMark: 1 << 20 }))),
          (n) => {
            done += n;
            bytes.update(done / 1e6);
            check();
          },
          createdAt,
        );
        bytes.finish();
      } finally {
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${snapshot}${suffix}`, { force: true });
      }
    } else {
      const url = config.database.url;
      manifest = await withPg(url, async (client) => {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        try {
          const snapshotId = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id;
          const summary = await summarisePg(client);
          const size = Number((await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
          const m: BackupManifest = {
            format: 1,
            createdAt,
            app: APP_VERSION,
            database: 'postgres',
            databaseEntry: 'database.sql',
            restore,
            ...summary,
          };
          const dump = pgTool('pg_dump', ['--format=plain', '--no-owner', '--no-privileges', `--snapshot=${snapshotId}`], url);
          dump.child.stdin?.end();
          // the database's size on disk (indexes included) is an upper bound of the dump: the ETA is pessimistic
          const bytes = progress(options, 'backup: dumping and encrypting', size / 1e6, 'MB');
          let done = 0;
          async function* sql(): AsyncGenerator<Buffer> {
            yield* chunks(dump.child.stdout!);
            await dump.done;
          }
          try {
            await writeArchive(
              partial,
              ring,
              'postgres',
              entries(m, sql()),
              (n) => {
                done += n;
                bytes.update(done / 1e6);
                check();
              },
              createdAt,
            );
          } catch (error) {
            dump.child.kill('SIGTERM');
            await dump.done.catch(() => undefined);
            throw error;
          }
          bytes.setTotal(done / 1e6);
          bytes.finish();
          return m;
        } finally {
          await client.query('COMMIT');
        }
      });
    }
    renameSync(partial, out);
    return { path: out, bytes: statSync(out).size, ms: Date.now() - started, manifest };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

function* entries(manifest: BackupManifest, database: AsyncIterable<Buffer>): Generator<ArchiveEntry> {
  yield { name: 'manifest.json', content: Buffer.from(JSON.stringify(manifest, null, 2), 'utf8') };
  yield { name: manifest.databaseEntry, content: database };
}

/** Archives of a folder, newest first. */
export function listArchives(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^sanad-\d{8}-\d{6}Z\.sanadbak$/.test(f))
    .sort()
    .reverse();
}

/** Keeps the `keep` newest archives of the folder, deletes the others; returns the names deleted. */
export function pruneArchives(dir: string, keep: number): string[] {
  const old = listArchives(dir).slice(Math.max(1, keep));
  for (const f of old) rmSync(join(dir, f), { force: true });
  return old;
}
