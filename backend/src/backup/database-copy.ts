import { spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Readable } from 'node:stream';

/**
 * What the database holds, read from one consistent view of it: the manifest of a backup is taken from the very
 * copy that goes into the archive (SQLite) or in the snapshot `pg_dump` reads (PostgreSQL), and checked again
 * after a restore.
 */
export interface DatabaseSummary {
  migrations: string[];
  /** rows per table (TypeORM's `migrations` table aside) */
  counts: Record<string, number>;
  /** `protocolId@version` recorded as published */
  protocolVersions: string[];
  /** master keys the evidence contents are wrapped with: restoring needs them in the key ring */
  evidenceKeyIds: string[];
}

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

async function summarise(query: Query, tables: string[]): Promise<DatabaseSummary> {
  const has = (t: string) => tables.includes(t);
  const counts: Record<string, number> = {};
  for (const t of tables.filter((t) => t !== 'migrations').sort()) {
    counts[t] = Number((await query(`SELECT COUNT(*) AS n FROM "${t}"`))[0].n);
  }
  const migrations = has('migrations')
    ? (await query('SELECT "name" FROM "migrations" ORDER BY "timestamp"')).map((r) => String(r.name))
    : [];
  const protocolVersions = has('protocol_versions')
    ? (await query('SELECT "protocolId", "version" FROM "protocol_versions" ORDER BY "protocolId", "version"')).map(
        (r) => `${String(r.protocolId)}@${String(r.version)}`,
      )
    : [];
  const evidenceKeyIds = has('evidence_contents')
    ? (await query('SELECT DISTINCT "keyId" FROM "evidence_contents" ORDER BY "keyId"')).map((r) => String(r.keyId))
    : [];
  return { migrations, counts, protocolVersions, evidenceKeyIds };
}

/**
 * The summary of a SQLite file. Only ever called on a private copy (a backup's snapshot, a restore's file), opened
 * read-write so that SQLite removes its `-wal`/`-shm` files when closing it.
 */
export async function summariseSqlite(path: string): Promise<DatabaseSummary> {
  const db = new Database(path, { fileMustExist: true });
  try {
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]
    ).map((r) => r.name);
    return await summarise((sql) => Promise.resolve(db.prepare(sql).all() as Record<string, unknown>[]), tables);
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` of a private SQLite copy: 'ok' or the problems found. */
export function sqliteIntegrity(path: string): string {
  const db = new Database(path, { fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/** Rows in `cases` and `users`: 0 for a new or freshly migrated database (the only kind a restore may replace). */
export function sqliteBusinessRows(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name),
    );
    let n = 0;
    for (const t of ['cases', 'users']) if (tables.has(t)) n += (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n;
    return n;
  } finally {
    db.close();
  }
}

/** libpq's environment for the command-line tools: the password never appears on a command line. */
export function pgEnvironment(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  env.PGHOST = decodeURIComponent(u.hostname || 'localhost');
  env.PGPORT = u.port || '5432';
  env.PGDATABASE = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

export async function withPg<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function summarisePg(client: pg.Client): Promise<DatabaseSummary> {
  const tables = (await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")).rows.map(
    (r) => r.name,
  );
  return summarise(async (sql) => (await client.query(sql)).rows as Record<string, unknown>[], tables);
}

export async function pgBusinessRows(client: pg.Client): Promise<number> {
  let n = 0;
  for (const t of ['cases', 'users']) {
    const exists = (await client.query<{ r: string | null }>(`SELECT to_regclass('public.${t}')::text AS r`)).rows[0].r;
    if (exists) n += Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${t}"`)).rows[0].n);
  }
  return n;
}

/** A command-line tool of PostgreSQL, its stderr kept for the error message. */
export function pgTool(command: 'pg_dump' | 'psql', args: string[], url: string): { child: ChildProcess; done: Promise<void> } {
  const child = spawn(command, args, { env: pgEnvironment(url), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString('utf8');
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          e.code === 'ENOENT' ? `${command} not found: install the PostgreSQL client tools (same major version as the server)` : e.message,
        ),
      ),
    );
    child.on('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`)),
    );
  });
  return { child, done };
}

/** Chunks of a readable stream as Buffers. */
export async function* chunks(stream: Readable): AsyncGenerator<Buffer> {
  for await (const chunk of stream) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
}
