// `npm run bench`: every benchmark, one after the other, each printing its ratio against a baseline.
// `npm run bench -w @sanad/bench -- lighthouse` (or `engine`, `due-list`): only the ones named. Lighthouse is not
// in the default set: it takes about a minute and needs Debian's chromium; nor is `pdf` (same reasons), nor
// `export-load` (needs the built server: `npm run build` first), nor `statistics` (200,000 cases, about two minutes;
// BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL and wipes that database), nor `backup` (100,000 cases
// backed up and restored, a few minutes; same BENCH_DATABASE_URL), nor `api-load` (autocannon on 100,000 cases, about
// three minutes), `memory` (2 × 100,000 requests to the built server, about twenty minutes) and `cold-start` (the
// built server started six times); those three take BENCH_DATABASE_URL too, as does `public-flood` (1,000 submissions
// to the public form of the built server while a coordinator reads, about half a minute).
// Each benchmark may end with lines `RESULT <name> <metric> <value> <target> <ok|MISSED>`; the run ends with a table
// of them (for a benchmark without such a line, its last "ratio … N x" line).
import { spawn } from 'node:child_process';

const ALL = [
  'engine',
  'due-list',
  'pdf',
  'lighthouse',
  'export-load',
  'statistics',
  'backup',
  'api-load',
  'memory',
  'cold-start',
  'public-flood',
];
const DEFAULT = ['engine', 'due-list'];
const names = process.argv.slice(2);
const unknown = names.filter((n) => !ALL.includes(n));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose among ${ALL.join(', ')}`);
  process.exit(2);
}
const results = [];
function summary() {
  if (!results.length) return;
  const rows = [['benchmark', 'metric', 'value', 'target', 'status'], ...results];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log('\n=== summary ===');
  for (const [i, r] of rows.entries()) {
    console.log(r.map((v, c) => v.padEnd(widths[c])).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
for (const name of names.length ? names : DEFAULT) {
  const file = `${name}.mjs`;
  console.log(`\n=== ${file} ===`);
  const child = spawn(process.execPath, [file], { cwd: import.meta.dirname, stdio: ['inherit', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => {
    process.stdout.write(d);
    out += d;
  });
  const status = await new Promise((r) => child.on('close', (code) => r(code)));
  const lines = out.split('\n');
  const found = lines.filter((l) => l.startsWith('RESULT ')).map((l) => l.split(/\s+/).slice(1, 6));
  if (found.length) results.push(...found.map((r) => [...r, ...Array(5 - r.length).fill('')]));
  else {
    const ratio = lines.findLast((l) => /ratio[^\n]*?\d+(\.\d+)?x/i.test(l));
    results.push([
      name,
      'ratio',
      ratio ? /(\d+(\.\d+)?)x/.exec(ratio.slice(ratio.search(/ratio/i)))[1] + 'x' : '-',
      '-',
      status === 0 ? '-' : 'FAILED',
    ]);
  }
  if (status !== 0) {
    summary();
    process.exit(status ?? 1);
  }
}
summary();
