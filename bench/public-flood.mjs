// Public reporting flood (issue #11), out of process: the built server (as `npm start` runs it: bench/lib/server.mjs) in a
// child process, and from this process 1,000 submissions to one school's public form (BENCH_FLOOD; challenge, proof of
// work, POST), from 1,000 client addresses (X-Forwarded-For, trusted from loopback), 50 at a time (BENCH_CONCURRENCY),
// while a coordinator reads the case list and the intake queue one request after the other. Baselines, same run:
// the staff reads alone, and while as many trivial requests (GET /api/health) arrive at the same concurrency.
// Target: staff p95 during the flood <= 2x that during the trivial burst. SQLite by default;
// BENCH_DATABASE_URL=postgres://… on PostgreSQL (that database is WIPED). Needs the built backend.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetPostgres, startServer } from './lib/server.mjs';

const FLOOD = Number(process.env.BENCH_FLOOD ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const PG_URL = process.env.BENCH_DATABASE_URL;
const DB = PG_URL ? 'postgres' : 'sqlite';
const SCHOOL = 'DEMO-RAB-001';
const COORDINATOR = { email: 'coordinateur@demo.sanad.ma', password: 'Sanad-demo-2026!' };
const XHR = { 'X-Requested-With': 'XMLHttpRequest' };

const dir = mkdtempSync(join(tmpdir(), 'sanad-bench-flood-'));
if (PG_URL) await resetPostgres(PG_URL);
const { url, stop } = await startServer(dir, {
  LOG_LEVEL: 'warn',
  PUBLIC_REPORT_POW_BITS: '8',
  ...(PG_URL ? { DATABASE_URL: PG_URL } : { SQLITE_PATH: join(dir, 'flood.sqlite') }),
});
try {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { ...XHR, 'Content-Type': 'application/json' },
    body: JSON.stringify(COORDINATOR),
  });
  if (login.status !== 200) throw new Error(`sign-in: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];

  let turn = 0;
  const staffRead = async () => {
    const path = turn++ % 2 ? '/api/intake-reports' : '/api/cases';
    const start = performance.now();
    const res = await fetch(`${url}${path}`, { headers: { Cookie: cookie } });
    await res.arrayBuffer();
    return { ms: performance.now() - start, status: res.status };
  };
  const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
  const address = (i, net) => `${net}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  const solve = (challenge, bits) => {
    for (let n = 0; ; n++) {
      const d = createHash('sha256').update(`${challenge}:${n}`).digest();
      let zeros = 0;
      for (const byte of d) {
        if (byte === 0) zeros += 8;
        else {
          zeros += Math.clz32(byte) - 24;
          break;
        }
      }
      if (zeros >= bits) return String(n);
    }
  };
  async function submission(i) {
    const ip = address(i, 10);
    const c = await fetch(`${url}/api/public/challenge?school=${SCHOOL}`, { headers: { 'X-Forwarded-For': ip } });
    if (c.status !== 200) {
      await c.arrayBuffer();
      return c.status;
    }
    const { challenge, difficulty } = await c.json();
    const res = await fetch(`${url}/api/public/schools/${SCHOOL}/reports`, {
      method: 'POST',
      headers: { ...XHR, 'Content-Type': 'application/json', 'X-Forwarded-For': ip },
      body: JSON.stringify({
        challenge,
        nonce: solve(challenge, difficulty),
        language: 'fr',
        reporterRole: 'witness',
        whatHappened: `Message de flood numéro ${i}`,
        platforms: ['OTHER'],
        since: 'today',
        dangerNow: false,
      }),
    });
    await res.arrayBuffer();
    return res.status;
  }
  async function fire(total, call) {
    const statuses = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < total) statuses.push(await call(next++));
      }),
    );
    return statuses;
  }
  async function staffDuring(load) {
    let running = true;
    const ms = [];
    const bad = [];
    const reader = (async () => {
      while (running) {
        const r = await staffRead();
        ms.push(r.ms);
        if (r.status !== 200) bad.push(r.status);
      }
    })();
    const out = await load;
    running = false;
    await reader;
    return { ms, bad, out };
  }

  for (let i = 0; i < 20; i++) await staffRead();
  const alone = [];
  for (let i = 0; i < 100; i++) alone.push((await staffRead()).ms);
  const trivial = await staffDuring(
    fire(FLOOD + 60, (i) =>
      fetch(`${url}/api/health`, { headers: { 'X-Forwarded-For': address(i, 172) } }).then(async (r) => (await r.arrayBuffer(), r.status)),
    ),
  );
  const started = performance.now();
  const flood = await staffDuring(fire(FLOOD, submission));
  const floodMs = performance.now() - started;
  const count = (s) => flood.out.filter((x) => x === s).length;
  const [a, t, f] = [p95(alone), p95(trivial.ms), p95(flood.ms)];
  console.log(`Public form flood on ${DB === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, server in its own process, ${CONCURRENCY} at a time`);
  console.log(
    `  ${FLOOD} submissions in ${(floodMs / 1000).toFixed(1)} s: ${count(201)} accepted, ${count(429)} rate limited, ${flood.out.filter((s) => s >= 500).length} 5xx`,
  );
  console.log(`  staff p95 alone ${a.toFixed(1)} ms; during ${FLOOD + 60} GET /api/health ${t.toFixed(1)} ms (${trivial.ms.length} reads)`);
  console.log(`  staff p95 during the flood ${f.toFixed(1)} ms (${flood.ms.length} reads)  ratio ${(f / t).toFixed(2)}x the trivial burst`);
  const ok = f <= 2 * t && flood.out.every((s) => s < 500) && !flood.bad.length && !trivial.bad.length;
  console.log(`RESULT public-flood.${DB} staff-p95-vs-trivial ${(f / t).toFixed(2)}x <=2x ${ok ? 'ok' : 'MISSED'}`);
  console.log(
    JSON.stringify({
      bench: 'public-flood',
      database: DB,
      flood: FLOOD,
      concurrency: CONCURRENCY,
      floodMs,
      accepted: count(201),
      limited: count(429),
      staffP95: { alone: a, trivial: t, flood: f },
    }),
  );
} finally {
  await stop();
  rmSync(dir, { recursive: true, force: true });
}
