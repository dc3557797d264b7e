// `npm run bench`: every benchmark, one after the other, each printing its ratio against a baseline.
import { spawnSync } from 'node:child_process';

for (const file of ['engine.mjs', 'due-list.mjs']) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, [file], { cwd: import.meta.dirname, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
