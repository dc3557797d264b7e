// A database for the load benchmarks (api-load, memory): the real migrations and demo data, then BENCH_CASES
// (100,000) cases over 12 schools per province (as statistics.mjs), with engine-valid event streams and the
// projection the engine computes, so GET /api/cases/:id replays real events and a step can be submitted.
// Writing 100,000 event streams through the API would take hours: instead the reference MPP case is generated once
// with the engine (bench/lib/reference-case.mjs checks every event with `applicable`, like the API), cut at 8
// lengths (reported → MPP follow-up, 2 to 14 events), and each case gets one of these streams shifted to its own
// date (ids and times are the case's; payloads are the template's). The projection of each template is computed
// with the backend's `projectionOf`, its instants shifted like the events. DEMO_SHARE of the cases belong to the
// demo school (Rabat), where the demo users sign in; the rest are spread over the other schools.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { referenceData } from '@sanad/seeds';
import { computeCaseState, makeCalendar } from '@sanad/protocols';
import { loadDefinitions } from '@sanad/protocols/node';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../../backend/dist/src/config/config.js';
import { JsonLogger } from '../../backend/dist/src/common/json-logger.js';
import { prepareDatabase } from '../../backend/dist/src/database/prepare.js';
import { projectionOf, moroccanDay } from '../../backend/dist/src/cases/projection.js';
import { mppCaseEvents } from './reference-case.mjs';

export const DEMO_SCHOOL = '5a0d0002-0000-4000-8000-000000000001';
export const TEACHER = { id: '5a0d0003-0000-4000-8000-000000000001', email: 'enseignante@demo.sanad.ma' };
export const COORDINATOR = { id: '5a0d0003-0000-4000-8000-000000000002', email: 'coordinateur@demo.sanad.ma' };
export const DEMO_PASSWORD = 'Sanad-demo-2026!';
export const DEMO_SHARE = 0.05;
/** events per case, and how often each length occurs (a case with ≥ 7 events is in MPP follow-up: mpp_meeting can be done) */
const LENGTHS = [
  [2, 1],
  [4, 1],
  [6, 1],
  [7, 2],
  [9, 2],
  [10, 1],
  [12, 1],
  [14, 1],
];
export const WRITABLE_FROM = 7;

/** Builds the database; returns the config to start the app with, and the demo school's writable cases. */
export async function seedLoadDatabase({ dir, cases, pgUrl, log = console.log }) {
  const env = { NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent', FRONTEND_DIR: join(dir, 'none') };
  if (pgUrl) {
    const reset = new pg.Client({ connectionString: pgUrl });
    await reset.connect();
    await reset.query('DROP SCHEMA IF EXISTS public CASCADE');
    await reset.query('CREATE SCHEMA public');
    await reset.end();
    env.DATABASE_URL = pgUrl;
  } else env.SQLITE_PATH = join(dir, 'load.sqlite');
  const config = loadConfig(env);
  const logger = new JsonLogger('silent');
  await prepareDatabase({ ...config, seedDemo: true }, logger);

  const def = loadDefinitions().find((l) => l.definition.id === 'ma-cyberharassment').definition;
  const calendar = makeCalendar();
  const full = mppCaseEvents(def, 14, calendar);
  const actorOf = { team_member: TEACHER.id, coordinator: COORDINATOR.id };
  const templates = LENGTHS.map(([length, weight]) => {
    const events = full.slice(0, length).map((e) => ({ ...e, actor: { id: actorOf[e.actor.role], role: e.actor.role } }));
    const now = new Date(Date.parse(events.at(-1).at) + 2 * 86_400_000).toISOString();
    const state = computeCaseState(def, events, { now, calendar });
    const projection = projectionOf(def, state, 'REPORTED');
    const payloads = events.map((e) => JSON.stringify(e.payload));
    return { length, weight, events, payloads, projection, t0: Date.parse(events[0].at) };
  });
  const bag = templates.flatMap((t) => Array(t.weight).fill(t));

  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const schools = [];
  for (const p of referenceData.provinces)
    for (let i = 0; i < 12; i++)
      schools.push({
        id: randomUUID(),
        provinceId: p.id,
        code: `L-${p.code}-${i}`,
        nameFr: `École ${i}`,
        nameAr: `مؤسسة ${i}`,
        level: 'college',
      });
  const start = Date.parse('2025-09-01T08:00:00Z');
  const span = Date.parse('2026-11-15T08:00:00Z') - start;
  const shiftIso = (value, shift) => (value ? new Date(Date.parse(value) + shift).toISOString() : value);
  const caseCols = [
    'id', 'schoolId', 'reference', 'title', 'occurredOn', 'state', 'protocolId', 'protocolVersion', 'lastEventSeq', 'createdById',
    'createdAt', 'updatedAt', 'nextDueAt', 'openSteps', 'tier', 'typeCodes', 'platformCodes', 'reviewSteps', 'track', 'reportDay',
    'triagedAt', 'firstInterviewAt', 'closedAt', 'triageDays', 'interviewDays', 'closureDays', 'followUpOutcome', 'stepsDue',
    'stepsOnTime', 'projectionVersion',
  ]; // prettier-ignore
  const eventCols = ['id', 'caseId', 'seq', 'type', 'payload', 'actorId', 'actorRole', 'at'];
  const writable = [];
  function* rowsOf(i) {
    const demo = random() < DEMO_SHARE;
    const schoolId = demo ? DEMO_SCHOOL : schools[Math.floor(random() * schools.length)].id;
    const t = bag[Math.floor(random() * bag.length)];
    const created = start + Math.floor(random() * span);
    const shift = created - t.t0;
    const p = t.projection;
    const id = randomUUID();
    const last = shiftIso(t.events.at(-1).at, shift);
    const openSteps = p.openSteps.map((o) => ({ ...o, ...(o.dueAt ? { dueAt: shiftIso(o.dueAt, shift) } : {}) }));
    if (demo && t.length >= WRITABLE_FROM) writable.push({ id, seq: t.length });
    yield [
      'cases',
      [
        id, schoolId, `L${String(i).padStart(7, '0')}`, `Cas ${i}: insultes dans un groupe de classe`, new Date(created).toISOString().slice(0, 10),
        p.state, def.id, def.version, t.length, TEACHER.id, new Date(created).toISOString(), last, shiftIso(p.nextDueAt, shift),
        JSON.stringify(openSteps), p.tier, p.typeCodes, p.platformCodes, p.reviewSteps, p.track, moroccanDay(new Date(created).toISOString()),
        shiftIso(p.triagedAt, shift), shiftIso(p.firstInterviewAt, shift), shiftIso(p.closedAt, shift), p.triageDays, p.interviewDays,
        p.closureDays, p.followUpOutcome, p.stepsDue, p.stepsOnTime, p.projectionVersion,
      ], // prettier-ignore
    ];
    for (let k = 0; k < t.length; k++) {
      const e = t.events[k];
      yield ['case_events', [randomUUID(), id, k + 1, e.type, t.payloads[k], e.actor.id, e.actor.role, shiftIso(e.at, shift)]];
    }
  }

  const t0 = performance.now();
  let events = 0;
  const schoolCols = ['id', 'provinceId', 'code', 'nameFr', 'nameAr', 'level'];
  const COLS = { cases: caseCols, case_events: eventCols };
  if (pgUrl) {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    const insert = async (table, cols, rows) => {
      const values = rows.map((_, r) => `(${cols.map((_, c) => `$${r * cols.length + c + 1}`).join(',')})`).join(',');
      await client.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES ${values}`, rows.flat());
    };
    await client.query('BEGIN');
    for (let i = 0; i < schools.length; i += 500)
      await insert(
        'schools',
        schoolCols,
        schools.slice(i, i + 500).map((s) => schoolCols.map((c) => s[c])),
      );
    let batch = {};
    const flush = async () => {
      for (const table of Object.keys(COLS)) if (batch[table]?.length) await insert(table, COLS[table], batch[table]);
      batch = {};
    };
    for (let i = 0; i < cases; i++) {
      for (const [table, row] of rowsOf(i)) {
        (batch[table] ??= []).push(row);
        if (table === 'case_events') events++;
      }
      if (i % 400 === 399) await flush();
    }
    await flush();
    await client.query('COMMIT');
    await client.query(`ALTER DATABASE "${client.database}" SET random_page_cost = 1.1`);
    await client.query('VACUUM ANALYZE');
    await client.end();
  } else {
    const db = new Database(config.database.path);
    const insertSchool = db.prepare(`INSERT INTO schools (${schoolCols.join(',')}) VALUES (${schoolCols.map(() => '?').join(',')})`);
    const stmts = Object.fromEntries(
      Object.entries(COLS).map(([t, cols]) => [
        t,
        db.prepare(`INSERT INTO "${t}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`),
      ]),
    );
    db.transaction(() => {
      for (const s of schools) insertSchool.run(schoolCols.map((c) => s[c]));
      for (let i = 0; i < cases; i++)
        for (const [table, row] of rowsOf(i)) {
          stmts[table].run(row);
          if (table === 'case_events') events++;
        }
    })();
    db.exec('ANALYZE');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }
  log(
    `seeded ${cases} cases (${events} events; ${writable.length} writable cases in the demo school) in ${schools.length} schools on ${pgUrl ? 'PostgreSQL' : 'SQLite'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return { config, logger, writable, mppMeeting: full.find((e) => e.payload.stepId === 'mpp_meeting').payload };
}

/** Signs in with the demo password; returns the session cookie ("name=value"). */
export async function signIn(url, email) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie').split(';')[0];
}
