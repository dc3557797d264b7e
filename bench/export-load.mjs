// Exporting documents must not slow the API down: PDFs are laid out in the renderer's worker threads, never on
// the event loop. Starts the real, built server (as the browser journeys do), signs in, then measures
// GET /api/health latency without load (the baseline, same run) and while 50 exports of the full case file
// (POST /api/cases/:id/documents/case-file) are in flight at once. Target: health p99 < 100 ms under load.
import { startServer } from '../e2e/support/server.mjs';

const EXPORTS = Number(process.env.BENCH_EXPORTS ?? 50);
const BASELINE_MS = Number(process.env.BENCH_BASELINE_MS ?? 3000);
const TARGET_P99_MS = 100;
const CASE = '5a0d0004-0000-4000-8000-000000000002'; // 2026-0002: formal track, the longest demo file of Rabat
const XHR = { 'X-Requested-With': 'XMLHttpRequest' };

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p99: pct(s, 99), max: s.at(-1) };
};
const fmt = (s) => `p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (n=${s.n})`;

const server = await startServer({ LOG_LEVEL: 'error' });
try {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...XHR },
    body: JSON.stringify({ email: 'enseignante@demo.sanad.ma', password: 'Sanad-demo-2026!' }),
  });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];

  const exportOnce = async () => {
    const t = performance.now();
    const res = await fetch(`${server.url}/api/cases/${CASE}/documents/case-file`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, ...XHR },
      body: JSON.stringify({ lang: 'fr' }),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (!res.ok || bytes.subarray(0, 4).toString('latin1') !== '%PDF')
      throw new Error(`export: ${res.status} ${bytes.toString('utf8', 0, 200)}`);
    return { ms: performance.now() - t, bytes: bytes.length };
  };
  const health = async () => {
    const t = performance.now();
    const res = await fetch(`${server.url}/api/health`);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`health: ${res.status}`);
    return performance.now() - t;
  };
  /** polls /api/health one request after the other (10 ms apart) until `until()` says stop */
  const poll = async (until) => {
    const out = [];
    while (!until()) {
      out.push(await health());
      await new Promise((r) => setTimeout(r, 10));
    }
    return out;
  };

  // warm-up: workers started, templates compiled, fonts loaded; a few health calls
  const warm = await exportOnce();
  for (let i = 0; i < 20; i++) await health();

  // baseline: no load, same server, same run
  const baseEnd = performance.now() + BASELINE_MS;
  const baseline = stats(await poll(() => performance.now() > baseEnd));

  // load: EXPORTS concurrent exports of the full case file, health polled until the last one is done
  let done = false;
  const t0 = performance.now();
  const exports = Promise.all(Array.from({ length: EXPORTS }, exportOnce)).finally(() => (done = true));
  const [results, underLoad] = await Promise.all([exports, poll(() => done)]);
  const wall = performance.now() - t0;
  const loaded = stats(underLoad);
  const exp = stats(results.map((r) => r.ms));

  console.log(`Full case file (${(warm.bytes / 1024).toFixed(0)} kB PDF), ${EXPORTS} concurrent exports against the real server`);
  console.log(`  GET /api/health, no load (baseline): ${fmt(baseline)}`);
  console.log(`  GET /api/health, during the exports: ${fmt(loaded)}`);
  console.log(`  exports: ${fmt(exp)}; all ${EXPORTS} in ${(wall / 1000).toFixed(2)} s (${((EXPORTS / wall) * 1000).toFixed(1)} PDF/s)`);
  console.log(`  ratio health p99 under load / baseline: ${(loaded.p99 / baseline.p99).toFixed(2)}x`);
  const ok = loaded.p99 < TARGET_P99_MS;
  console.log(`  target health p99 < ${TARGET_P99_MS} ms under load: ${ok ? 'met' : 'NOT MET'}`);
  console.log(
    JSON.stringify({
      bench: 'export-load',
      exports: EXPORTS,
      pdfBytes: warm.bytes,
      healthBaselineP50: baseline.p50,
      healthBaselineP99: baseline.p99,
      healthLoadP50: loaded.p50,
      healthLoadP99: loaded.p99,
      exportP50: exp.p50,
      exportP99: exp.p99,
      wallMs: wall,
    }),
  );
  if (!ok) process.exitCode = 1;
} finally {
  await server.stop();
}
