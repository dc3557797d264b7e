// `npm run bench`: every benchmark, one after the other, each printing its ratio against a baseline.
// `npm run bench -w @sanad/bench -- lighthouse` (or `engine`, `due-list`): only the ones named. Lighthouse is not
// in the default set: it takes about a minute and needs Debian's chromium; nor is `pdf` (same reasons), nor
// `export-load` (needs the built server: `npm run build` first), nor `statistics` (200,000 cases, about two minutes;
// BENCH_DATABASE_URL=postgres://… runs it on PostgreSQL and wipes that database), nor `backup` (100,000 cases
// backed up and restored, a few minutes; same BENCH_DATABASE_URL).
import { spawnSync } from 'node:child_process';

const ALL = ['engine', 'due-list', 'pdf', 'lighthouse', 'export-load', 'statistics', 'backup'];
const DEFAULT = ['engine', 'due-list'];
const names = process.argv.slice(2);
const unknown = names.filter((n) => !ALL.includes(n));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose among ${ALL.join(', ')}`);
  process.exit(2);
}
for (const name of names.length ? names : DEFAULT) {
  const file = `${name}.mjs`;
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, [file], { cwd: import.meta.dirname, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
