// Listing 10,000 cases with their due steps through the real API, against the same query done with
// better-sqlite3 directly (no framework), measured in the same run on the same database file.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { computeCaseState } from '@sanad/protocols';
import { createApp } from '../backend/dist/src/app.factory.js';
import { loadConfig } from '../backend/dist/src/config/config.js';
import { JsonLogger } from '../backend/dist/src/common/json-logger.js';
import { prepareDatabase } from '../backend/dist/src/database/prepare.js';
import { createDataSource } from '../backend/dist/src/database/data-source.js';
import { ProtocolCatalogue } from '../backend/dist/src/protocols/protocol-catalogue.js';
import { calendarForSchool } from '../backend/dist/src/protocols/school-calendars.js';
import { openCase } from '../backend/dist/src/cases/new-case.js';
import { measure, measureAsync, report } from './lib/measure.mjs';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const SCHOOL = '5a0d0002-0000-4000-8000-000000000001';
const TEACHER = '5a0d0003-0000-4000-8000-000000000001';

const dir = mkdtempSync(join(tmpdir(), 'sanad-bench-'));
const sqlite = join(dir, 'bench.sqlite');
const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, SQLITE_PATH: sqlite, LOG_LEVEL: 'silent', FRONTEND_DIR: join(dir, 'none') });
const logger = new JsonLogger('silent');
await prepareDatabase(config, logger);

// --- seed CASES open cases in one school, created over the last 60 days ---
const db = createDataSource(config);
await db.initialize();
const protocol = ProtocolCatalogue.load().latestPublished('ma-cyberharassment');
const calendar = await calendarForSchool(db, SCHOOL);
const t0 = performance.now();
const rows = [];
const eventRows = [];
const base = Date.parse('2026-11-20T08:00:00Z');
for (let i = 0; i < CASES; i++) {
  const at = new Date(base - (i % 60) * 86_400_000 - i * 1000).toISOString();
  const { record, event } = openCase(
    {
      id: randomUUID(),
      schoolId: SCHOOL,
      reference: `B${String(i).padStart(6, '0')}`,
      title: `Cas ${i}`,
      occurredOn: at.slice(0, 10),
      createdById: TEACHER,
      createdByRole: 'team_member',
      at,
    },
    protocol,
    calendar,
  );
  rows.push(record); // the entity transformers store openSteps and payload as JSON text
  eventRows.push({
    id: randomUUID(),
    caseId: record.id,
    seq: 1,
    type: event.type,
    payload: event.payload,
    actorId: TEACHER,
    actorRole: 'team_member',
    at,
  });
}
await db.transaction(async (m) => {
  for (let i = 0; i < rows.length; i += 200) {
    await m
      .createQueryBuilder()
      .insert()
      .into('cases')
      .values(rows.slice(i, i + 200))
      .updateEntity(false)
      .execute();
    await m
      .createQueryBuilder()
      .insert()
      .into('case_events')
      .values(eventRows.slice(i, i + 200))
      .updateEntity(false)
      .execute();
  }
});
await db.destroy();
console.log(`seeded ${CASES} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// --- the API, listening on loopback ---
const app = await createApp(config, logger);
await app.listen(0, '127.0.0.1');
const url = await app.getUrl();
const login = await fetch(`${url}/api/auth/login`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
  body: JSON.stringify({ email: 'enseignante@demo.sanad.ma', password: 'Sanad-demo-2026!' }),
});
const cookie = login.headers.get('set-cookie').split(';')[0];
const get = async (path) => {
  const res = await fetch(`${url}${path}`, { headers: { Cookie: cookie } });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.text();
};

// --- baseline: the same queries with better-sqlite3 and no framework ---
const raw = new Database(sqlite, { readonly: true });
const dueStmt = raw.prepare('SELECT id, reference, title, openSteps FROM cases WHERE schoolId = ? AND nextDueAt IS NOT NULL');
const rawDue = () => {
  const out = [];
  for (const r of dueStmt.all(SCHOOL))
    for (const s of JSON.parse(r.openSteps)) if (s.dueAt) out.push({ caseId: r.id, reference: r.reference, title: r.title, ...s });
  out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return JSON.stringify(out);
};
const listStmt = raw.prepare('SELECT * FROM cases WHERE schoolId = ? ORDER BY createdAt DESC, reference DESC LIMIT 20 OFFSET 0');
const countStmt = raw.prepare('SELECT COUNT(*) AS n FROM cases WHERE schoolId = ?');
const rawList = () => JSON.stringify({ items: listStmt.all(SCHOOL), total: countStmt.get(SCHOOL).n });

const dueItems = JSON.parse(await get('/api/cases/due?scope=school')).length;
const apiDue = await measureAsync(() => get('/api/cases/due?scope=school'), { min: 10, minMs: 2000 });
const baseDue = measure(rawDue, { min: 10, minMs: 1000 });
const apiList = await measureAsync(() => get('/api/cases?page=1&pageSize=20'), { min: 50, minMs: 1000 });
const baseList = measure(rawList, { min: 50, minMs: 500 });

// what the projection saves: computing every case's state from its events at request time
const events = raw.prepare('SELECT * FROM case_events').all();
const recompute = measure(
  () => {
    for (const e of events)
      computeCaseState(
        protocol.definition,
        [{ seq: e.seq, type: e.type, at: e.at, actor: { id: e.actorId, role: e.actorRole }, payload: JSON.parse(e.payload) }],
        { now: '2026-11-22T12:00:00Z', calendar },
      );
  },
  { min: 3, minMs: 500 },
);

report(`Due steps of ${CASES} open cases (${dueItems} due items)`, [
  ['baseline: better-sqlite3 query + parse + sort + JSON', baseDue],
  ['GET /api/cases/due?scope=school (NestJS + TypeORM)', apiDue],
  ['without the projection: computeCaseState for every case', recompute],
]);
console.log(`  ratio API / baseline: ${(apiDue.median / baseDue.median).toFixed(2)}x`);
report(`Case list, first page of ${CASES}`, [
  ['baseline: better-sqlite3 page + count', baseList],
  ['GET /api/cases?page=1&pageSize=20', apiList],
]);
console.log(`  ratio API / baseline: ${(apiList.median / baseList.median).toFixed(2)}x`);
console.log(
  JSON.stringify({
    bench: 'due-list',
    cases: CASES,
    dueItems,
    apiMs: apiDue.median,
    baselineMs: baseDue.median,
    recomputeMs: recompute.median,
    listApiMs: apiList.median,
    listBaselineMs: baseList.median,
  }),
);

if (process.env.BENCH_DEBUG) console.log(raw.prepare('SELECT COUNT(*) n, SUM(nextDueAt IS NOT NULL) d, MIN(openSteps) o FROM cases').get());
raw.close();
await app.close();
rmSync(dir, { recursive: true, force: true });
