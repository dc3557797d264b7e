// Backend memory under sustained load (issue #12): the built server (`node backend/dist/src/main.js`, a child
// process, so the RSS is the server's own, read from /proc/<pid>/status VmRSS) on the 100,000-case database of
// api-load (bench/lib/load-data.mjs), signed in as the demo teacher. Two rounds of 100,000 requests
// (BENCH_MEMORY_REQUESTS) by autocannon (32 connections, its own process), in turn: the case list (filtered, page 2),
// a case detail (events replayed by the engine, the read recorded in the audit trail), and twice each
// GET /api/auth/me and GET /api/health. RSS: the lowest over 5 s and over 20 s of rest after each round (the peak is
// printed too). Baseline (same run): the RSS of the same server once started and warmed by 1,000 requests.
// Targets: RSS after 100,000 requests < 250 MB, and after the second 100,000 not more than 10% (or 10 MB) above the
// first (no growth); both on the RSS once idle (lowest over 20 s after the round), the value 5 s after is printed too.
// BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL: that database is WIPED.
// Needs the built backend (`npm run build -w @sanad/backend`).
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';
import { promisify } from 'node:util';
import { TEACHER, seedLoadDatabase, signIn } from './lib/load-data.mjs';
import { startServer } from './lib/server.mjs';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PG_URL = process.env.BENCH_DATABASE_URL;
const DB = PG_URL ? 'postgres' : 'sqlite';
const LIMIT_MB = 250;

const dir = mkdtempSync(join(tmpdir(), 'sanad-bench-memory-'));
const { config, writable } = await seedLoadDatabase({ dir, cases: CASES, pgUrl: PG_URL });

const { child, url, stop } = await startServer(dir, {
  FRONTEND_DIR: join(dir, 'none'),
  LOG_LEVEL: 'info', // a request log line each, as in production (written to /dev/null)
  ...(PG_URL ? { DATABASE_URL: PG_URL } : { SQLITE_PATH: config.database.path }),
});
const rssMb = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
const cookie = await signIn(url, TEACHER.email);
const paths = [];
for (let i = 0; i < writable.length; i++)
  paths.push(
    '/api/cases?state=MPP_IN_PROGRESS&from=2026-01-01&page=2&pageSize=20',
    `/api/cases/${writable[i].id}`,
    '/api/auth/me',
    '/api/health',
    '/api/auth/me',
    '/api/health',
  );
async function load(amount) {
  const file = join(dir, `spec-${randomUUID()}.json`);
  writeFileSync(
    file,
    JSON.stringify({ url, connections: CONNECTIONS, amount, headers: { Cookie: cookie, 'X-Requested-With': 'XMLHttpRequest' }, paths }),
  );
  const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, 'lib/cannon.mjs'), file], {
    maxBuffer: 1 << 20,
  });
  const r = JSON.parse(stdout.trim().split('\n').at(-1));
  const bad = Object.entries(r.statuses).filter(([k]) => !k.startsWith('2'));
  if (bad.length) console.log(`  answers other than 2xx: ${JSON.stringify(Object.fromEntries(bad))}`);
  return r;
}
/**
 * The lowest RSS over 5 s of rest (what stays once the garbage collector has run: the value the targets use), and
 * over 20 s (V8 gives memory back to the system only after several seconds of low activity: informative).
 */
async function settle() {
  const samples = [];
  for (let i = 0; i < 80; i++) {
    await new Promise((r) => setTimeout(r, 250));
    samples.push(rssMb());
  }
  return { rest: Math.min(...samples.slice(0, 20)), idle: Math.min(...samples) };
}
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 500);

const startRss = rssMb();
await load(1000);
const { rest: warmRss } = await settle();
console.log(`server pid ${child.pid}: RSS ${startRss.toFixed(0)} MB started, ${warmRss.toFixed(0)} MB after 1,000 requests (baseline)`);
const rounds = [];
for (let k = 1; k <= 2; k++) {
  const t = performance.now();
  peak = 0;
  const r = await load(REQUESTS);
  const loadedPeak = peak;
  const { rest, idle } = await settle();
  rounds.push({ rss: rest, idleRss: idle, peak: loadedPeak, ...r });
  console.log(
    `  round ${k}: ${REQUESTS} requests in ${((performance.now() - t) / 1000).toFixed(0)} s (${r.rps.toFixed(0)} req/s, p95 ${r.p95.toFixed(1)} ms): RSS ${rest.toFixed(0)} MB at rest (5 s), ${idle.toFixed(0)} MB after 20 s idle, peak ${loadedPeak.toFixed(0)} MB under load`,
  );
}
clearInterval(sampler);
await stop();

// the targets on what the server keeps once idle (after 20 s: V8 returns memory only after some seconds of low
// activity); the value 5 s after the load is printed against the same limit, for comparison with earlier runs
const [first, second] = rounds.map((r) => r.idleRss);
const growth = second - first;
const allowed = Math.max(10, first * 0.1);
const [early] = rounds.map((r) => r.rss);
console.log(
  `Memory on ${DB === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (${CASES} cases), idle: ${first.toFixed(0)} MB after ${REQUESTS} requests, ${second.toFixed(0)} MB after ${2 * REQUESTS} (growth ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB); ${early.toFixed(0)} MB 5 s after the first ${REQUESTS}`,
);
console.log(`RESULT memory.${DB} rss-idle-after-${REQUESTS} ${first.toFixed(0)}MB <${LIMIT_MB}MB ${first < LIMIT_MB ? 'ok' : 'MISSED'}`);
console.log(
  `RESULT memory.${DB} rss-idle-growth-second-${REQUESTS} ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}MB <=+${allowed.toFixed(0)}MB ${growth <= allowed && second < LIMIT_MB ? 'ok' : 'MISSED'}`,
);
console.log(`RESULT memory.${DB} rss-5s-after-${REQUESTS} ${early.toFixed(0)}MB <${LIMIT_MB}MB ${early < LIMIT_MB ? 'ok' : 'MISSED'}`);
console.log(JSON.stringify({ bench: 'memory', database: DB, cases: CASES, requests: REQUESTS, startRss, warmRss, rounds }));
if (process.env.BENCH_KEEP) console.log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
