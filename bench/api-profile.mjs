// Where the API's time goes (a tool for issue #12, not a benchmark with a target): the api-load database (SQLite,
// BENCH_CASES, default 20,000), the real app in this process, autocannon in a child process, and a CPU profile of
// this process (node:inspector) while one scenario runs. Prints the self time per function (top 40) and per area
// (our code, TypeORM, NestJS, Express, the driver, the engine, Node), and writes the .cpuprofile for Chrome DevTools.
//   node bench/api-profile.mjs detail|write|list|me [seconds]
// `me` is GET /api/auth/me: the cost of the stack itself (session, guard, interceptors, JSON) for any request.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../backend/dist/src/app.factory.js';
import { seedLoadDatabase, signIn } from './lib/load-data.mjs';

const scenario = process.argv[2] ?? 'detail';
// SQL_TIMES=1: time every statement better-sqlite3 runs (by the start of its text) during the profiled run
const sqlTimes = new Map();
let timing = false;
if (process.env.SQL_TIMES) {
  const { default: Database } = await import('better-sqlite3');
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (sql) {
    const stmt = prepare.call(this, sql);
    const key = sql.replace(/\s+/g, ' ').slice(0, 90);
    for (const fn of ['run', 'all', 'get']) {
      const original = stmt[fn].bind(stmt);
      stmt[fn] = (...args) => {
        if (!timing) return original(...args);
        const t = performance.now();
        try {
          return original(...args);
        } finally {
          const e = sqlTimes.get(key) ?? { n: 0, ms: 0 };
          e.n += 1;
          e.ms += performance.now() - t;
          sqlTimes.set(key, e);
        }
      };
    }
    return stmt;
  };
}
const SECONDS = Number(process.argv[3] ?? 8);
const dir = mkdtempSync(join(tmpdir(), 'sanad-bench-profile-'));
const { config, logger, writable, mppMeeting } = await seedLoadDatabase({ dir, cases: Number(process.env.BENCH_CASES ?? 20_000) });
const app = await createApp(config, logger);
await app.listen(0, '127.0.0.1');
const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
const cookie = await signIn(url, 'enseignante@demo.sanad.ma');
const headers = { Cookie: cookie, 'X-Requested-With': 'XMLHttpRequest', 'Content-Type': 'application/json' };

const specs = {
  me: { paths: ['/api/auth/me'] },
  health: { paths: ['/api/health'] },
  list: { paths: ['/api/cases?state=MPP_IN_PROGRESS&from=2026-01-01&page=2&pageSize=20'] },
  detail: { paths: writable.map((w) => `/api/cases/${w.id}`) },
  write: {
    body: { answers: mppMeeting.answers, checklist: mppMeeting.checklist },
    writes: writable.map((w) => ({ path: `/api/cases/${w.id}/steps/mpp_meeting`, seq: w.seq })),
  },
};
async function cannon(seconds) {
  const file = join(dir, `spec-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify({ url, headers, connections: 32, seconds, ...specs[scenario] }));
  const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, 'lib/cannon.mjs'), file]);
  return JSON.parse(stdout.trim().split('\n').at(-1));
}
if (scenario === 'write') {
  // warm up on the first half of the cases, profile on the other half (each case's expectedSeq known)
  const half = Math.floor(specs.write.writes.length / 2);
  const all = specs.write.writes;
  specs.write.writes = all.slice(0, half);
  await cannon(2);
  specs.write.writes = all.slice(half);
} else await cannon(2);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
timing = true;
const result = await cannon(SECONDS);
timing = false;
const { profile } = await session.post('Profiler.stop');
writeFileSync(join(dir, `${scenario}.cpuprofile`), JSON.stringify(profile));
console.log(`${scenario}: ${result.rps.toFixed(0)} req/s, p95 ${result.p95.toFixed(1)} ms, statuses ${JSON.stringify(result.statuses)}`);

// self time per node → per function and per area
const dt = new Map();
profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...dt.values()].reduce((a, b) => a + b, 0);
const byFn = new Map();
const byArea = new Map();
const area = (u) =>
  !u
    ? '(native/gc/idle)'
    : u.includes('/protocols/')
      ? 'engine (@sanad/protocols)'
      : u.includes('/backend/dist/')
        ? 'backend (ours)'
        : u.includes('node_modules/typeorm')
          ? 'typeorm'
          : u.includes('node_modules/@nestjs')
            ? 'nestjs'
            : u.includes('node_modules/class-validator') || u.includes('node_modules/class-transformer')
              ? 'class-validator/transformer'
              : u.includes('node_modules/')
                ? `pkg ${u
                    .split('node_modules/')
                    .at(-1)
                    .split('/')
                    .slice(0, u.split('node_modules/').at(-1).startsWith('@') ? 2 : 1)
                    .join('/')}`
                : u.startsWith('node:')
                  ? 'node core'
                  : 'other';
for (const n of profile.nodes) {
  const t = dt.get(n.id) ?? 0;
  if (!t) continue;
  const f = n.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + t);
  const a = f.url ? area(f.url) : f.functionName === '(idle)' ? '(idle)' : '(native/gc/program)';
  byArea.set(a, (byArea.get(a) ?? 0) + t);
}
const pct = (t) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
console.log('\nby area (self time)');
for (const [k, t] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${pct(t)}  ${k}`);
console.log('\nby function (self time, top 40)');
for (const [k, t] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${pct(t)}  ${k}`);
if (sqlTimes.size) {
  console.log('\nSQL (better-sqlite3, during the run): total ms, count, µs each');
  for (const [k, e] of [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20))
    console.log(
      `  ${e.ms.toFixed(0).padStart(6)} ms ${String(e.n).padStart(7)} × ${((1000 * e.ms) / e.n).toFixed(0).padStart(5)} µs  ${k}`,
    );
}
console.log(`\nprofile: ${join(dir, `${scenario}.cpuprofile`)}`);
await app.close();
process.exit(0);
