// The officer dashboard API (GET /api/statistics, issue #9) on 200,000 cases over the schools of the 12 academies:
// an academy officer and the national administrator, with and without filters, through the real NestJS app over
// loopback. Baseline (same run, same database): one GROUP BY over the same cases with the driver directly, no
// framework. Target: median < 200 ms. SQLite by default (a throw-away file built by the real migrations); set
// BENCH_DATABASE_URL=postgres://… to run on PostgreSQL instead — that database is WIPED (schema public dropped).
// Needs the built backend (`npm run build -w @sanad/backend`). BENCH_CASES changes the number of cases.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceData } from '@sanad/seeds';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createApp } from '../backend/dist/src/app.factory.js';
import { loadConfig } from '../backend/dist/src/config/config.js';
import { JsonLogger } from '../backend/dist/src/common/json-logger.js';
import { prepareDatabase } from '../backend/dist/src/database/prepare.js';
import { PROJECTION_VERSION, moroccanDay } from '../backend/dist/src/cases/projection.js';
import { measure, measureAsync, report } from './lib/measure.mjs';

const CASES = Number(process.env.BENCH_CASES ?? 200_000);
const SCHOOLS_PER_PROVINCE = 12;
const TARGET_MS = 200;
const PG_URL = process.env.BENCH_DATABASE_URL;
const AUTHOR = '5a0d0003-0000-4000-8000-000000000001'; // demo teacher (cases.createdById is a foreign key)
const RSK = '5a0d0000-0000-4000-8000-000000000004';
const RABAT_PROVINCE = '5a0d0001-0000-4000-8000-000000000401';

const dir = mkdtempSync(join(tmpdir(), 'sanad-bench-stats-'));
const sqlitePath = join(dir, 'bench.sqlite');
const env = { NODE_ENV: 'test', DATA_DIR: dir, SQLITE_PATH: sqlitePath, LOG_LEVEL: 'silent', FRONTEND_DIR: join(dir, 'none') };
if (PG_URL) {
  const reset = new pg.Client({ connectionString: PG_URL });
  await reset.connect();
  await reset.query('DROP SCHEMA IF EXISTS public CASCADE');
  await reset.query('CREATE SCHEMA public');
  await reset.end();
  env.DATABASE_URL = PG_URL;
}
const config = loadConfig(env);
const logger = new JsonLogger('silent');
await prepareDatabase(config, logger);

// --- a deterministic random generator, schools over every province, then the cases ---
let seed = 42;
/** mulberry32: small, deterministic, good enough to spread cases */
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const LEVELS = ['college', 'college', 'college', 'lycee', 'lycee', 'primaire'];
const schools = [];
for (const p of referenceData.provinces)
  for (let i = 0; i < SCHOOLS_PER_PROVINCE; i++)
    schools.push({
      id: randomUUID(),
      provinceId: p.id,
      code: `B-${p.code}-${i}`,
      nameFr: `École ${i}`,
      nameAr: `مؤسسة ${i}`,
      level: pick(LEVELS),
    });
const TYPES = referenceData.taxonomy.types.map((t) => t.code);
const PLATFORMS = ['INSTAGRAM', 'TIKTOK', 'WHATSAPP', 'SNAPCHAT', 'FACEBOOK', 'YOUTUBE'];
const TRACK_OF = { T0: 'EDUCATIONAL', T1: 'MPP', T2: 'FORMAL', T3: 'EMERGENCY' };
const start = Date.parse('2025-09-01T08:00:00Z');
const span = Date.parse('2026-11-20T08:00:00Z') - start;
const iso = (t) => new Date(t).toISOString();
const days = (a, b) => Math.round(((b - a) / 86_400_000) * 10) / 10; // tenths, as the projection stores them
const COLUMNS = [
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
  'tier',
  'typeCodes',
  'platformCodes',
  'projectionVersion',
  'track',
  'reportDay',
  'triagedAt',
  'firstInterviewAt',
  'closedAt',
  'triageDays',
  'interviewDays',
  'closureDays',
  'followUpOutcome',
  'stepsDue',
  'stepsOnTime',
  // issue #13: gender-based marker, AI-facilitated, sex of targets and authors
  'genderBased',
  'aiFacilitated',
  'targetSex',
  'authorSex',
];
const SEXES = ['female', 'female', 'male', 'male', 'mixed', null, null];
function caseRow(i) {
  const created = start + Math.floor(random() * span);
  const school = schools[Math.floor(random() * schools.length)];
  const triaged = random() < 0.9 ? created + random() * 4 * 86_400_000 : null;
  const tier = triaged ? pick(['T0', 'T1', 'T1', 'T2', 'T2', 'T3']) : null;
  const interview = triaged && random() < 0.9 ? triaged + random() * 5 * 86_400_000 : null;
  const closed = interview && random() < 0.6 ? interview + random() * 60 * 86_400_000 : null;
  const types = [...new Set([pick(TYPES), ...(random() < 0.4 ? [pick(TYPES)] : [])])].sort();
  const platforms = [...new Set([pick(PLATFORMS), ...(random() < 0.3 ? [pick(PLATFORMS)] : [])])].sort();
  const stepsDue = triaged ? 2 + Math.floor(random() * 8) : 0;
  return [
    randomUUID(),
    school.id,
    `B${String(i).padStart(7, '0')}`,
    `Cas ${i}`,
    iso(created).slice(0, 10),
    closed ? 'CLOSED' : 'MONITORING',
    'ma-cyberharassment',
    '1.0.0',
    3,
    AUTHOR,
    iso(created),
    iso(closed ?? created),
    tier,
    `|${types.join('|')}|`,
    `|${platforms.join('|')}|`,
    PROJECTION_VERSION,
    tier ? TRACK_OF[tier] : null,
    moroccanDay(iso(created)),
    triaged ? iso(triaged) : null,
    interview ? iso(interview) : null,
    closed ? iso(closed) : null,
    triaged ? days(created, triaged) : null,
    interview ? days(created, interview) : null,
    closed ? days(created, closed) : null,
    interview ? pick(['STOPPED', 'STOPPED', 'DECREASED', 'CONTINUED', null]) : null,
    stepsDue,
    Math.floor(stepsDue * (0.6 + random() * 0.4)),
    triaged ? pick(['yes', 'no', 'no', null]) : null,
    // a boolean column: 0/1 for SQLite, true/false for PostgreSQL
    PG_URL ? random() < 0.12 : random() < 0.12 ? 1 : 0,
    pick(SEXES),
    pick(SEXES),
  ];
}

const t0 = performance.now();
const schoolColumns = ['id', 'provinceId', 'code', 'nameFr', 'nameAr', 'level'];
if (PG_URL) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  const insert = async (table, columns, rows) => {
    const values = rows.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(',')})`).join(',');
    await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${values}`, rows.flat());
  };
  for (let i = 0; i < schools.length; i += 500)
    await insert(
      'schools',
      schoolColumns,
      schools.slice(i, i + 500).map((s) => schoolColumns.map((c) => s[c])),
    );
  await client.query('BEGIN');
  for (let i = 0; i < CASES; i += 1000)
    await insert(
      'cases',
      COLUMNS,
      Array.from({ length: Math.min(1000, CASES - i) }, (_, k) => caseRow(i + k)),
    );
  await client.query('COMMIT');
  // an SSD-backed server (the usual advice, docs/statistics.md): index-only scans are then chosen over heap scans
  await client.query(`ALTER DATABASE "${client.database}" SET random_page_cost = 1.1`);
  await client.query('VACUUM ANALYZE'); // the steady state autovacuum keeps: index-only scans need the visibility map
  await client.end();
} else {
  const db = new Database(sqlitePath);
  const insertSchool = db.prepare(`INSERT INTO schools (${schoolColumns.join(',')}) VALUES (${schoolColumns.map(() => '?').join(',')})`);
  const insertCase = db.prepare(
    `INSERT INTO cases (${COLUMNS.map((c) => `"${c}"`).join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})`,
  );
  db.transaction(() => {
    for (const s of schools) insertSchool.run(schoolColumns.map((c) => s[c]));
    for (let i = 0; i < CASES; i++) insertCase.run(caseRow(i));
  })();
  db.exec('ANALYZE');
  db.close();
}
console.log(
  `seeded ${CASES} cases in ${schools.length} schools on ${PG_URL ? 'PostgreSQL' : 'SQLite'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

// --- the API, listening on loopback ---
const app = await createApp(config, logger);
await app.listen(0, '127.0.0.1');
const url = await app.getUrl();
async function signIn(email) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    body: JSON.stringify({ email, password: 'Sanad-demo-2026!' }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
  return res.headers.get('set-cookie').split(';')[0];
}
const officer = await signIn('aref.rsk@demo.sanad.ma');
const admin = await signIn('admin@demo.sanad.ma');
const get = async (cookie, path) => {
  const res = await fetch(`${url}${path}`, { headers: { Cookie: cookie } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
  return text;
};
const FILTERS = '?from=2026-01-01&to=2026-06-30&level=college';
const runs = [
  ['academy officer, no filter', officer, '/api/statistics'],
  ['academy officer, period + level', officer, `/api/statistics${FILTERS}`],
  ['academy officer, one province', officer, `/api/statistics?provinceId=${RABAT_PROVINCE}`],
  ['national admin, no filter', admin, '/api/statistics'],
  ['national admin, period + level', admin, `/api/statistics${FILTERS}`],
  ['national admin, one academy', admin, `/api/statistics?regionId=${RSK}`],
  ['national admin, Ministry CSV', admin, '/api/statistics/export.csv'],
];
const totalOf = async (cookie, path) => JSON.parse(await get(cookie, path)).total.value;
console.log(
  `cases seen: academy officer ${await totalOf(officer, '/api/statistics')}, national ${await totalOf(admin, '/api/statistics')}`,
);
const results = [];
if (process.env.BENCH_SEED_ONLY) runs.length = 0;
for (const [name, cookie, path] of runs) results.push([name, await measureAsync(() => get(cookie, path), { min: 15, minMs: 2000 })]);

// --- baseline: one GROUP BY over the national scope with the driver directly ---
const BASE_SQL =
  'SELECT c."tier", COUNT(*) AS n FROM "cases" c INNER JOIN "schools" s ON s."id" = c."schoolId" INNER JOIN "provinces" p ON p."id" = s."provinceId" GROUP BY c."tier"';
let baseline;
if (PG_URL) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  baseline = await measureAsync(() => client.query(BASE_SQL), { min: 15, minMs: 1000 });
  await client.end();
} else {
  const raw = new Database(sqlitePath, { readonly: true });
  const stmt = raw.prepare(BASE_SQL);
  baseline = measure(() => stmt.all(), { min: 15, minMs: 1000 });
  raw.close();
}
report(`Statistics API on ${CASES} cases (${PG_URL ? 'PostgreSQL' : 'SQLite'})`, [
  ['baseline: one GROUP BY (tier), national, driver only', baseline],
  ...results.map(([name, r]) => [`GET ${name}`, r]),
]);
for (const [name, r] of results)
  console.log(
    `  ${name.padEnd(36)} ratio to baseline ${(r.median / baseline.median).toFixed(1)}x  ${r.median < TARGET_MS ? 'under' : 'OVER'} ${TARGET_MS} ms`,
  );
console.log(
  JSON.stringify({
    bench: 'statistics',
    database: PG_URL ? 'postgres' : 'sqlite',
    cases: CASES,
    baselineMs: baseline.median,
    ...Object.fromEntries(results.map(([name, r]) => [name, { median: r.median, p95: r.p95 }])),
  }),
);
await app.close();
if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
