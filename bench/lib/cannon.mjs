// One autocannon run, in a process of its own (so the load generator does not share the server's event loop).
// `node cannon.mjs <spec.json>`; prints one JSON line: 2xx per second, p50/p95/p99 of the 2xx responses, errors.
// spec: { url, connections, seconds | amount, headers, method, body?, paths: [..] | { writes: [{ path, seq }], body } }
// Paths are taken in turn; for writes, each case's expectedSeq goes up by one each time the list comes round again.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let next = 0;
const setupRequest = (req) => {
  const i = next++;
  if (spec.writes) {
    const w = spec.writes[i % spec.writes.length];
    const round = Math.floor(i / spec.writes.length);
    return { ...req, method: 'POST', path: w.path, body: JSON.stringify({ ...spec.body, expectedSeq: w.seq + round }) };
  }
  return { ...req, method: spec.method ?? 'GET', path: spec.paths[i % spec.paths.length] };
};
const times = [];
const statuses = {};
const instance = autocannon({
  url: spec.url,
  connections: spec.connections,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds }),
  headers: spec.headers,
  requests: [{ setupRequest }],
  timeout: 30,
});
instance.on('response', (_client, status, _bytes, ms) => {
  statuses[status] = (statuses[status] ?? 0) + 1;
  if (status >= 200 && status < 300) times.push(ms);
});
const result = await instance;
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
const seconds = (Date.parse(result.finish) - Date.parse(result.start)) / 1000;
console.log(
  JSON.stringify({
    ok: times.length,
    rps: times.length / seconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    seconds,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
