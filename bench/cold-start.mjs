// Cold start (issue #12): from spawning `node backend/dist/src/main.js` to the first successful GET /api/health
// (200: the app is listening and the database answered), on a database already migrated and seeded (the first start
// builds it and is not counted). Median of 5 starts (BENCH_STARTS), each polled every 10 ms. Baseline, same run:
// spawning `node -e` that listens on a port and answers /api/health (the cost of a Node process and of the polling).
// Target: median < 3 s. SQLite by default; BENCH_DATABASE_URL=postgres://… on PostgreSQL (that database is WIPED).
// Needs the built backend (`npm run build -w @sanad/backend`).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, resetPostgres, serverArgs, serverEnv } from './lib/server.mjs';

const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const PG_URL = process.env.BENCH_DATABASE_URL;
const DB = PG_URL ? 'postgres' : 'sqlite';
const TARGET_MS = 3000;
const SERVER = serverArgs(); // as `npm start` runs it (its node flags, then main.js)

const dir = mkdtempSync(join(tmpdir(), 'sanad-bench-cold-'));
if (PG_URL) await resetPostgres(PG_URL);

/** spawns, polls /api/health every 10 ms, returns the ms to the first 200, then stops the process */
async function start(args, env = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    env: serverEnv(port, dir, {
      LOG_LEVEL: 'warn',
      ...(PG_URL ? { DATABASE_URL: PG_URL } : { SQLITE_PATH: join(dir, 'cold.sqlite') }),
      ...env,
    }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited early: ${stderr}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      ms = performance.now() - t0;
      break;
    }
    if (performance.now() - t0 > 120_000) throw new Error(`not healthy in 120 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGTERM');
  await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const first = await start(SERVER); // migrations, reference and demo data: not counted
const bare = `require('node:http').createServer((q, s) => s.end('{"status":"ok"}')).listen(Number(process.env.PORT), '127.0.0.1')`;
const baseline = [];
const sanad = [];
for (let i = 0; i < STARTS; i++) {
  baseline.push(await start(['-e', bare]));
  sanad.push(await start(SERVER));
}
const m = median(sanad);
const b = median(baseline);
console.log(
  `Cold start on ${DB === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (first start, building the database: ${(first / 1000).toFixed(2)} s)`,
);
console.log(`  baseline: bare node http server  median ${b.toFixed(0)} ms  (${baseline.map((x) => x.toFixed(0)).join(', ')})`);
console.log(
  `  Sanad: main.js to GET /api/health median ${m.toFixed(0)} ms  (${sanad.map((x) => x.toFixed(0)).join(', ')})  ratio ${(m / b).toFixed(1)}x`,
);
console.log(`RESULT cold-start.${DB} median-to-health ${(m / 1000).toFixed(2)}s <3s ${m < TARGET_MS ? 'ok' : 'MISSED'}`);
console.log(JSON.stringify({ bench: 'cold-start', database: DB, firstMs: first, baselineMs: baseline, sanadMs: sanad }));
rmSync(dir, { recursive: true, force: true });
