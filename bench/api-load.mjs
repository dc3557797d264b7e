// API throughput and latency under load (issue #12): the real NestJS app (createApp, in this process, on loopback)
// on 100,000 cases (bench/lib/load-data.mjs: engine-valid event streams, engine-computed projection), signed in as
// the demo teacher, loaded by autocannon from a child process with 32 connections (BENCH_CONNECTIONS) for 10 s
// (BENCH_SECONDS) per scenario:
//   list    GET /api/cases?state=MPP_IN_PROGRESS&from=2026-01-01&page=2&pageSize=20 (the demo school's ~5,000 cases)
//   detail  GET /api/cases/:id (reads the case and its 7-14 events, replays them with the engine), cases in turn
//   write   POST /api/cases/:id/steps/mpp_meeting (a valid step: engine check, event insert, projection update), on
//           cases in turn with the right expectedSeq; only 2xx answers count
// Baseline, same run, same database: a bare Fastify handler with the driver (better-sqlite3, or a pg Pool of 10 on
// PostgreSQL) doing the same work without the framework: the app's own list SQL (page + count, taken from its query
// builder), the case row + its events (JSON parsed), an event INSERT + case UPDATE in one transaction.
// Targets: throughput ≥ 0.5× baseline on reads, ≥ 0.6× on writes; p95 < 50 ms at 32 connections (SQLite).
// BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL: that database is WIPED. BENCH_CASES changes the size.
// Needs the built backend (`npm run build -w @sanad/backend`).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URLSearchParams } from 'node:url';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../backend/dist/src/app.factory.js';
import { caseListQueries } from '../backend/dist/src/cases/cases.service.js';
import { entryHash } from '../backend/dist/src/audit/audit-chain.js';
import { DEMO_SCHOOL, TEACHER, seedLoadDatabase, signIn } from './lib/load-data.mjs';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PG_URL = process.env.BENCH_DATABASE_URL;
const DB = PG_URL ? 'postgres' : 'sqlite';
const LIST_QUERY = { state: 'MPP_IN_PROGRESS', from: '2026-01-01', page: '2', pageSize: '20' };

const dir = mkdtempSync(join(tmpdir(), 'sanad-bench-load-'));
const { config, logger, writable, mppMeeting } = await seedLoadDatabase({ dir, cases: CASES, pgUrl: PG_URL });

// --- the app ---
const app = await createApp(config, logger);
await app.listen(0, '127.0.0.1');
const appUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
const cookie = await signIn(appUrl, TEACHER.email);

// the list's SQL, exactly as the app builds it (scope + filters + order, the page's columns, then the count)
const user = { id: TEACHER.id, role: 'team_member', schoolId: DEMO_SCHOOL, regionId: null };
const listSql = caseListQueries(app.get(DataSource).manager, user, LIST_QUERY, new Date().toISOString(), 2, 20);
const [pageSql, pageParams] = listSql.page;
const [countSql, countParams] = listSql.count;

// --- the baseline: Fastify + the driver ---
// The app also appends every case read and write to its hash-chained audit trail (group-committed: the entries of
// concurrent requests in one INSERT, docs/decisions/0003): `?audit=1` makes the baseline append one entry per
// request, one at a time (read the chain's head, INSERT), to tell the framework's cost from the trail's (an
// informative row; the ratio the issue sets is against the plain baseline).
const AUDIT_COLS = [
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
function auditRow(last, action, caseId) {
  const row = {
    id: randomUUID(),
    seq: last ? Number(last.seq) + 1 : 1,
    at: new Date().toISOString(),
    actorId: TEACHER.id,
    actorRole: 'team_member',
    action,
    schoolId: DEMO_SCHOOL,
    caseId,
    targetId: null,
    ip: '127.0.0.1',
    details: {},
    prevHash: last.hash,
  };
  const full = { ...row, hash: entryHash(row.prevHash, row) };
  return AUDIT_COLS.map((c) => (c === 'details' ? JSON.stringify(full.details) : full[c]));
}
const base = Fastify({ logger: false });
let close = async () => {};
if (PG_URL) {
  const pool = new pg.Pool({ connectionString: PG_URL, max: 10 });
  close = () => pool.end();
  let queue = Promise.resolve();
  const audit = (req, action, caseId) => {
    if (!req.query.audit) return;
    const run = queue.then(async () => {
      const { rows } = await pool.query('SELECT "seq", "hash" FROM "audit_log" ORDER BY "seq" DESC LIMIT 1');
      await pool.query(
        `INSERT INTO "audit_log" (${AUDIT_COLS.map((c) => `"${c}"`).join(',')}) VALUES (${AUDIT_COLS.map((_, i) => `$${i + 1}`).join(',')})`,
        auditRow(rows[0], action, caseId),
      );
    });
    queue = run.catch(() => undefined);
    return run;
  };
  base.get('/health', async () => {
    await pool.query('SELECT 1');
    return { status: 'ok', database: 'ok' };
  });
  base.get('/list', async (req) => {
    const [rows, count] = await Promise.all([pool.query(pageSql, pageParams), pool.query(countSql, countParams)]);
    await audit(req, 'case.list', null);
    return { items: rows.rows, total: Number(count.rows[0].cnt) };
  });
  base.get('/detail/:id', async (req) => {
    const [c, e] = await Promise.all([
      pool.query('SELECT * FROM "cases" WHERE "id" = $1', [req.params.id]),
      pool.query('SELECT * FROM "case_events" WHERE "caseId" = $1 ORDER BY "seq"', [req.params.id]),
    ]);
    await audit(req, 'case.read', req.params.id);
    return { case: c.rows[0], events: e.rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) })) };
  });
  base.post('/write/:id', async (req) => {
    const client = await pool.connect();
    let seq;
    try {
      await client.query('BEGIN');
      const at = new Date().toISOString();
      const { rows } = await client.query(
        'UPDATE "cases" SET "lastEventSeq" = "lastEventSeq" + 1, "updatedAt" = $2 WHERE "id" = $1 RETURNING "lastEventSeq"',
        [req.params.id, at],
      );
      seq = rows[0].lastEventSeq;
      await client.query(
        'INSERT INTO "case_events" ("id", "caseId", "seq", "type", "payload", "actorId", "actorRole", "at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [randomUUID(), req.params.id, seq, 'step_completed', JSON.stringify(req.body), TEACHER.id, 'team_member', at],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release(); // before the audit append, which needs a connection of the pool too
    }
    await audit(req, 'case.write', req.params.id);
    return { seq };
  });
} else {
  const db = new Database(config.database.path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = FULL'); // as the app (better-sqlite3's own default in WAL mode is NORMAL)
  close = async () => db.close();
  const page = db.prepare(pageSql);
  const count = db.prepare(countSql);
  const caseRow = db.prepare('SELECT * FROM "cases" WHERE "id" = ?');
  const events = db.prepare('SELECT * FROM "case_events" WHERE "caseId" = ? ORDER BY "seq"');
  const claim = db.prepare(
    'UPDATE "cases" SET "lastEventSeq" = "lastEventSeq" + 1, "updatedAt" = ? WHERE "id" = ? RETURNING "lastEventSeq"',
  );
  const insert = db.prepare(
    'INSERT INTO "case_events" ("id", "caseId", "seq", "type", "payload", "actorId", "actorRole", "at") VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const write = db.transaction((id, payload) => {
    const at = new Date().toISOString();
    const { lastEventSeq } = claim.get(at, id);
    insert.run(randomUUID(), id, lastEventSeq, 'step_completed', payload, TEACHER.id, 'team_member', at);
    return lastEventSeq;
  });
  const lastAudit = db.prepare('SELECT "seq", "hash" FROM "audit_log" ORDER BY "seq" DESC LIMIT 1');
  const insertAudit = db.prepare(
    `INSERT INTO "audit_log" (${AUDIT_COLS.map((c) => `"${c}"`).join(',')}) VALUES (${AUDIT_COLS.map(() => '?').join(',')})`,
  );
  const audit = (req, action, caseId) => {
    if (req.query.audit) insertAudit.run(auditRow(lastAudit.get(), action, caseId));
  };
  const one = db.prepare('SELECT 1');
  base.get('/health', async () => {
    one.get();
    return { status: 'ok', database: 'ok' };
  });
  base.get('/list', async (req) => {
    const body = { items: page.all(pageParams), total: count.get(countParams).cnt };
    audit(req, 'case.list', null);
    return body;
  });
  base.get('/detail/:id', async (req) => {
    const body = {
      case: caseRow.get(req.params.id),
      events: events.all(req.params.id).map((r) => ({ ...r, payload: JSON.parse(r.payload) })),
    };
    audit(req, 'case.read', req.params.id);
    return body;
  });
  base.post('/write/:id', async (req) => {
    const seq = write(req.params.id, JSON.stringify(req.body));
    audit(req, 'case.write', req.params.id);
    return { seq };
  });
}
const baseUrl = await base.listen({ port: 0, host: '127.0.0.1' });

// --- load, in a child process ---
async function cannon(spec) {
  const file = join(dir, `spec-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, ...spec }));
  const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, 'lib/cannon.mjs'), file], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}
const json = { 'Content-Type': 'application/json' };
const appHeaders = { Cookie: cookie, 'X-Requested-With': 'XMLHttpRequest', ...json };
const fifth = Math.floor(writable.length / 5);
const slices = [0, 1, 2, 3, 4].map((k) => writable.slice(k * fifth, (k + 1) * fifth));
if (fifth < CONNECTIONS * 4)
  console.log(`  only ${fifth} cases per write run: too few for ${CONNECTIONS} connections (409s); raise BENCH_CASES`);
const readIds = writable.map((w) => w.id);
const body = { answers: mppMeeting.answers, checklist: mppMeeting.checklist };
const listPath = `/api/cases?${new URLSearchParams(LIST_QUERY)}`;

// sanity: both answer, and the list is not empty
const check = await fetch(`${appUrl}${listPath}`, { headers: appHeaders });
const listed = await check.json();
if (!check.ok || !listed.items.length) throw new Error(`list: ${check.status} ${JSON.stringify(listed).slice(0, 200)}`);
const baseListed = await (await fetch(`${baseUrl}/list`)).json();
if (baseListed.total !== listed.total) throw new Error(`baseline total ${baseListed.total} ≠ app total ${listed.total}`);
const detail = await fetch(`${appUrl}/api/cases/${readIds[0]}`, { headers: appHeaders });
if (!detail.ok) throw new Error(`detail: ${detail.status} ${await detail.text()}`);
console.log(
  `list: ${listed.total} cases match (page 2 of the demo school's), detail: ${(await detail.json()).steps.length} steps computed`,
);

const warm = { seconds: Math.min(2, SECONDS) };
const writes = (slice, path) => slice.map((w) => ({ path: path(w.id), seq: w.seq }));
const scenarios = [
  {
    // the floor: GET /api/health (public, `SELECT 1`) through the whole stack (Node http, Express, helmet, cookies,
    // NestJS guards, interceptors and filters), against Fastify doing the same `SELECT 1`: what any request costs
    // before its own work; no target (the ceiling any ratio below can reach)
    name: 'floor',
    target: null,
    app: { url: appUrl, headers: appHeaders, paths: ['/api/health'] },
    base: { url: baseUrl, paths: ['/health'] },
  },
  {
    name: 'list',
    target: 0.5,
    app: { url: appUrl, headers: appHeaders, paths: [listPath] },
    base: { url: baseUrl, paths: ['/list'] },
    audited: { url: baseUrl, paths: ['/list?audit=1'] },
  },
  {
    name: 'detail',
    target: 0.5,
    app: { url: appUrl, headers: appHeaders, paths: readIds.map((id) => `/api/cases/${id}`) },
    base: { url: baseUrl, paths: readIds.map((id) => `/detail/${id}`) },
    audited: { url: baseUrl, paths: readIds.map((id) => `/detail/${id}?audit=1`) },
  },
  {
    name: 'write',
    target: 0.6,
    warmApp: { url: appUrl, headers: appHeaders, body, writes: writes(slices[0], (id) => `/api/cases/${id}/steps/mpp_meeting`) },
    app: { url: appUrl, headers: appHeaders, body, writes: writes(slices[1], (id) => `/api/cases/${id}/steps/mpp_meeting`) },
    warmBase: { url: baseUrl, headers: json, body, writes: writes(slices[2], (id) => `/write/${id}`) },
    base: { url: baseUrl, headers: json, body, writes: writes(slices[3], (id) => `/write/${id}`) },
    audited: { url: baseUrl, headers: json, body, writes: writes(slices[4], (id) => `/write/${id}?audit=1`) },
  },
];
const rows = [];
for (const s of scenarios) {
  await cannon({ ...(s.warmBase ?? s.base), ...warm });
  const b = await cannon(s.base);
  const ba = s.audited ? await cannon(s.audited) : null;
  await cannon({ ...(s.warmApp ?? s.app), ...warm });
  const a = await cannon(s.app);
  const non2xx = Object.entries(a.statuses).filter(([k]) => !k.startsWith('2'));
  if (non2xx.length) console.log(`  ${s.name}: app answers other than 2xx: ${JSON.stringify(Object.fromEntries(non2xx))}`);
  rows.push({ ...s, a, b, ba });
}

const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
console.log(`\nAPI under load: ${CASES} cases on ${PG_URL ? 'PostgreSQL' : 'SQLite'}, ${CONNECTIONS} connections, ${SECONDS} s per run`);
console.log(
  `  ${'scenario'.padEnd(8)} ${'who'.padEnd(16)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)}  Sanad req/s ÷ this`,
);
for (const r of rows) {
  for (const [who, m] of [['baseline', r.b], ...(r.ba ? [['baseline + audit', r.ba]] : []), ['Sanad', r.a]])
    console.log(
      `  ${r.name.padEnd(8)} ${who.padEnd(16)} ${f(m.rps, 0).padStart(8)} ${f(m.p50).padStart(7)} ${f(m.p95).padStart(7)} ${f(m.p99).padStart(7)}  ${who === 'Sanad' ? '' : `${f(r.a.rps / m.rps, 2)}x`}${who === 'baseline' && r.target ? ` (target ≥ ${r.target}x)` : ''}`,
    );
}
for (const r of rows.filter((x) => x.target)) {
  const ratio = r.a.rps / r.b.rps;
  console.log(
    `RESULT api-load.${DB} ${r.name}-throughput-ratio ${ratio.toFixed(2)}x >=${r.target}x ${ratio >= r.target ? 'ok' : 'MISSED'}`,
  );
  console.log(`RESULT api-load.${DB} ${r.name}-p95 ${f(r.a.p95)}ms <50ms ${r.a.p95 < 50 ? 'ok' : 'MISSED'}`);
}
console.log(
  JSON.stringify({
    bench: 'api-load',
    database: DB,
    cases: CASES,
    connections: CONNECTIONS,
    seconds: SECONDS,
    ...Object.fromEntries(rows.map((r) => [r.name, { app: r.a, baseline: r.b, baselineAudited: r.ba }])),
  }),
);
await base.close();
await close();
await app.close();
if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
