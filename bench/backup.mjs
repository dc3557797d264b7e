// Backup and restore of 100,000 cases (issue #10): `npm run backup` / `npm run restore` code paths (backend/src/backup/)
// on a database built by the real migrations, then filled directly: 100,000 cases with 8 events and 2 people each,
// and 1,000 encrypted evidence files of 30 kB. Baseline (same run, same machine): the raw copy the archive is made
// of, without the archive's work (SQLite: copying the file; PostgreSQL: `pg_dump` to a file, and `psql` replaying
// it). The ratio says what encryption, compression, the manifest and the checks cost on top of the I/O.
// SQLite by default; BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL: that database is WIPED, and a second
// one (same URL, name + "_restore") is created and wiped for the restore. BENCH_CASES changes the number of cases.
// Needs the built backend (`npm run build -w @sanad/backend`).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../backend/dist/src/config/config.js';
import { JsonLogger } from '../backend/dist/src/common/json-logger.js';
import { prepareDatabase } from '../backend/dist/src/database/prepare.js';
import { createDataSource } from '../backend/dist/src/database/data-source.js';
import { checkIntegrity } from '../backend/dist/src/database/integrity.js';
import { KeyRing, sealContent } from '../backend/dist/src/evidence/key-ring.js';
import { createBackup } from '../backend/dist/src/backup/backup.js';
import { restoreBackup } from '../backend/dist/src/backup/restore.js';
import { pgEnvironment } from '../backend/dist/src/backup/database-copy.js';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const EVENTS = 8;
const FILES = Math.round(CASES / 100);
const PG_URL = process.env.BENCH_DATABASE_URL;
const AUTHOR = '5a0d0003-0000-4000-8000-000000000001'; // demo teacher (foreign keys)
const SCHOOL = '5a0d0002-0000-4000-8000-000000000001'; // demo school

const dir = mkdtempSync(join(tmpdir(), 'sanad-bench-backup-'));
const logger = new JsonLogger('silent');
const base = {
  NODE_ENV: 'test',
  DATA_DIR: dir,
  LOG_LEVEL: 'silent',
  FRONTEND_DIR: join(dir, 'none'),
  MASTER_KEY_FILE: join(dir, 'master.key'),
};
const restoreUrl = PG_URL ? PG_URL.replace(/\/([^/?]+)(\?|$)/, '/$1_restore$2') : null;

async function resetPg(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP SCHEMA IF EXISTS public CASCADE');
  await client.query('CREATE SCHEMA public');
  await client.end();
}
if (PG_URL) {
  await resetPg(PG_URL);
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const name = new URL(restoreUrl).pathname.slice(1);
  if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  await resetPg(restoreUrl);
}
const config = loadConfig({ ...base, ...(PG_URL ? { DATABASE_URL: PG_URL } : { SQLITE_PATH: join(dir, 'source.sqlite') }) });
const target = loadConfig({
  ...base,
  DATA_DIR: join(dir, 'target'),
  ...(PG_URL ? { DATABASE_URL: restoreUrl } : { SQLITE_PATH: join(dir, 'target', 'restored.sqlite') }),
});
await prepareDatabase({ ...config, seedDemo: true }, logger);
const ring = KeyRing.load({ file: config.masterKeyFile, createIfMissing: true });

// --- data: deterministic sizes, realistic shapes ---
const t0 = performance.now();
const iso = (i, k) => new Date(Date.parse('2025-09-01T08:00:00Z') + i * 600_000 + k * 3_600_000).toISOString();
const TEXT = 'Messages insultants répétés dans un groupe de classe; la cible ne veut plus venir au collège. ';
const payload = (k) => JSON.stringify({ stepId: `step_${k}`, answers: { summary: TEXT.repeat(2), choice: 'YES', n: k } });
const caseCols = [
  'id',
  'schoolId',
  'reference',
  'title',
  'occurredOn',
  'state',
  'protocolId',
  'protocolVersion',
  'lastEventSeq',
  'createdById',
  'createdAt',
  'updatedAt',
];
const eventCols = ['id', 'caseId', 'seq', 'type', 'payload', 'actorId', 'actorRole', 'at'];
const personCols = ['id', 'caseId', 'code', 'role', 'kind', 'displayName', 'classLabel', 'note', 'createdById', 'createdAt'];
const itemCols = [
  'id',
  'caseId',
  'schoolId',
  'kind',
  'title',
  'createdById',
  'createdAt',
  'mediaType',
  'fileName',
  'sizeBytes',
  'storedSizeBytes',
  'originalSha256',
  'storedSha256',
  'metadataStripped',
];
const contentCols = ['itemId', 'keyId', 'wrappedKey', 'iv', 'tag', 'ciphertext'];
const { createHash, randomBytes } = await import('node:crypto');
function* rowsOf(i) {
  const id = randomUUID();
  yield [
    'cases',
    [
      id,
      SCHOOL,
      `X${String(i).padStart(7, '0')}`,
      `Cas ${i}: rumeurs et insultes`,
      iso(i, 0).slice(0, 10),
      'MONITORING',
      'ma-cyberharassment',
      '1.0.0',
      EVENTS,
      AUTHOR,
      iso(i, 0),
      iso(i, EVENTS),
    ],
  ];
  for (let k = 1; k <= EVENTS; k++)
    yield [
      'case_events',
      [randomUUID(), id, k, k === 1 ? 'case_reported' : 'step_completed', payload(k), AUTHOR, 'team_member', iso(i, k)],
    ];
  yield ['case_people', [randomUUID(), id, 'E1', 'target', 'pupil', `Élève ${i}`, '3AC-2', null, AUTHOR, iso(i, 1)]];
  yield ['case_people', [randomUUID(), id, 'A1', 'author', 'pupil', `Auteur ${i}`, '3AC-4', 'compte anonyme', AUTHOR, iso(i, 1)]];
  if (i % 100 === 0) {
    const item = randomUUID();
    const plain = randomBytes(30_000);
    const sha = createHash('sha256').update(plain).digest('hex');
    const sealed = sealContent(ring, plain);
    yield [
      'evidence_items',
      [item, id, SCHOOL, 'file', 'Capture', AUTHOR, iso(i, 2), 'image/png', 'capture.png', plain.length, plain.length, sha, sha, true],
    ];
    yield ['evidence_contents', [item, sealed.keyId, sealed.wrappedKey, sealed.iv, sealed.tag, sealed.ciphertext]];
  }
}
const COLS = { cases: caseCols, case_events: eventCols, case_people: personCols, evidence_items: itemCols, evidence_contents: contentCols };
if (PG_URL) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query('BEGIN');
  let batch = {};
  const flush = async () => {
    for (const table of Object.keys(COLS)) {
      const rows = batch[table];
      if (!rows?.length) continue;
      const cols = COLS[table];
      const values = rows.map((_, r) => `(${cols.map((_, c) => `$${r * cols.length + c + 1}`).join(',')})`).join(',');
      await client.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES ${values}`, rows.flat());
    }
    batch = {};
  };
  for (let i = 0; i < CASES; i++) {
    for (const [table, row] of rowsOf(i)) (batch[table] ??= []).push(row);
    if (i % 500 === 499) await flush();
  }
  await flush();
  await client.query('COMMIT');
  await client.end();
} else {
  const db = new Database(config.database.path);
  const stmts = Object.fromEntries(
    Object.entries(COLS).map(([t, cols]) => [
      t,
      db.prepare(`INSERT INTO "${t}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`),
    ]),
  );
  db.transaction(() => {
    for (let i = 0; i < CASES; i++)
      for (const [table, row] of rowsOf(i)) stmts[table].run(row.map((v) => (typeof v === 'boolean' ? Number(v) : v)));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
console.log(
  `seeded ${CASES} cases (${CASES * EVENTS} events, ${FILES} evidence files) on ${PG_URL ? 'PostgreSQL' : 'SQLite'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const time = async (fn) => {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
};

// --- baseline: the raw copy, without the archive ---
const raw = join(dir, PG_URL ? 'raw.sql' : 'raw.sqlite');
const baseBackup = await time(async () => {
  if (PG_URL) execFileSync('pg_dump', ['--format=plain', '--no-owner', '--no-privileges', `--file=${raw}`], { env: pgEnvironment(PG_URL) });
  else copyFileSync(config.database.path, raw);
});
const baseRestore = await time(async () => {
  if (PG_URL) {
    execFileSync(
      'psql',
      ['--no-psqlrc', '--quiet', '--single-transaction', '--set=ON_ERROR_STOP=1', `--file=${raw}`, '--output=/dev/null'],
      { env: pgEnvironment(restoreUrl) },
    );
    await resetPg(restoreUrl);
  } else copyFileSync(raw, join(dir, 'raw-copy.sqlite'));
});

// --- the real thing ---
const archive = join(dir, 'bench.sanadbak');
const backup = await time(() => createBackup(config, ring, archive, { sink: null }));
const restore = await time(() => restoreBackup(target, ring, archive, { sink: null }));
if (restore.value.mismatches.length) throw new Error(`restore mismatches: ${restore.value.mismatches.join('; ')}`);
const check = await time(async () => {
  const db = createDataSource(target);
  await db.initialize();
  try {
    return await checkIntegrity(db, { keyRing: ring });
  } finally {
    await db.destroy();
  }
});
if (!check.value.ok) throw new Error(`integrity after restore: ${check.value.problems.slice(0, 5).join('; ')}`);

const mb = (b) => `${(b / 1e6).toFixed(0)} MB`;
console.log(
  `database: ${PG_URL ? 'PostgreSQL (dump ' + mb(statSync(raw).size) + ')' : 'SQLite file ' + mb(statSync(config.database.path).size)}; archive ${mb(backup.value.bytes)}`,
);
console.log(
  `backup  ${seconds(backup.ms)}  (baseline ${PG_URL ? 'pg_dump to a file' : 'file copy'} ${seconds(baseBackup.ms)}, ratio ${(backup.ms / baseBackup.ms).toFixed(1)}x)`,
);
console.log(
  `restore ${seconds(restore.ms)}  (baseline ${PG_URL ? 'psql replay' : 'file copy'} ${seconds(baseRestore.ms)}, ratio ${(restore.ms / baseRestore.ms).toFixed(1)}x)`,
);
console.log(
  `integrity check after restore (${check.value.counts.evidence_contents_verified ?? 0} evidence files decrypted and hashed): ${seconds(check.ms)}`,
);
if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
if (PG_URL) await resetPg(restoreUrl);
