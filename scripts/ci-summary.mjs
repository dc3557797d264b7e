#!/usr/bin/env node
// Sums the closing counts of each CI phase's log (the plain "N passed, N failed" line, or node:test's
// "ℹ pass N" / "ℹ fail N") and prints one final line. Exits non-zero if any phase failed or counted nothing.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const plain = [...text.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)].at(-1);
  const nodePass = [...text.matchAll(/^ℹ pass (\d+)$/gm)].at(-1);
  const nodeFail = [...text.matchAll(/^ℹ fail (\d+)$/gm)].at(-1);
  let p = 0;
  let f = 0;
  if (plain) [p, f] = [Number(plain[1]), Number(plain[2])];
  else if (nodePass) [p, f] = [Number(nodePass[1]), Number(nodeFail?.[1] ?? 0)];
  else f = 1;
  if (p === 0) f = Math.max(f, 1);
  console.log(`${file.split('/').pop().padEnd(10)} ${p} passed, ${f} failed`.replace(/^/, '  '));
  passed += p;
  failed += f;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
