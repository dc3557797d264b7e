// Small timing helpers: warm up, then run until both a minimum count and a minimum time are reached.
export function measure(fn, { min = 20, minMs = 500 } = {}) {
  for (let i = 0; i < 3; i++) fn();
  const times = [];
  const start = performance.now();
  while (times.length < min || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return summarise(times);
}

export async function measureAsync(fn, { min = 20, minMs = 500 } = {}) {
  for (let i = 0; i < 3; i++) await fn();
  const times = [];
  const start = performance.now();
  while (times.length < min || performance.now() - start < minMs) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return summarise(times);
}

function summarise(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: times.length, median: at(0.5), p95: at(0.95), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

export const ms = (x) => `${x.toFixed(2)} ms`;

export function report(title, rows) {
  console.log(`\n${title}`);
  for (const [name, r] of rows)
    console.log(`  ${name.padEnd(58)} median ${ms(r.median).padStart(11)}  p95 ${ms(r.p95).padStart(11)}  (n=${r.n})`);
}
