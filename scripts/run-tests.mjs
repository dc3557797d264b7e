#!/usr/bin/env node
// `npm test`: every suite in order, then lint. Streams each suite's output, reads its closing
// "N passed, N failed" line, and ends with one line that sums them. Exits non-zero on any failure.
import { spawn } from 'node:child_process';

const suites = [
  { name: 'protocols', cmd: ['npm', 'test', '-w', '@sanad/protocols'] },
  { name: 'seeds', cmd: ['npm', 'test', '-w', '@sanad/seeds'] },
  { name: 'templates', cmd: ['npm', 'test', '-w', '@sanad/templates'] },
  { name: 'backend', cmd: ['npm', 'test', '-w', '@sanad/backend'] },
  { name: 'frontend', cmd: ['npm', 'test', '-w', '@sanad/frontend'] },
];
const only = process.argv.slice(2);
const selected = only.length ? suites.filter((s) => only.includes(s.name)) : suites;
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NG_CLI_ANALYTICS: 'false', FORCE_COLOR: '0' };
env.CHROME_BIN ||= '/usr/bin/chromium';

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

let passed = 0;
let failed = 0;
const summary = [];
for (const suite of selected) {
  process.stdout.write(`\n=== ${suite.name} ===\n`);
  const { code, out } = await run(suite.cmd);
  const lines = [...out.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)];
  const last = lines.at(-1);
  const p = last ? Number(last[1]) : 0;
  let f = last ? Number(last[2]) : 0;
  if (code !== 0 && f === 0) f = 1; // a crash, a compile error or a suite that ran nothing counts as a failure
  if (!last && code === 0) f = 1;
  passed += p;
  failed += f;
  summary.push(`${suite.name.padEnd(10)} ${String(p).padStart(4)} passed ${String(f).padStart(3)} failed${code ? ` (exit ${code})` : ''}`);
}
if (!only.length || only.includes('lint')) {
  process.stdout.write('\n=== lint ===\n');
  const { code } = await run(['npm', 'run', 'lint']);
  summary.push(`lint       ${code === 0 ? 'clean' : 'FAILED'}`);
  if (code !== 0) failed += 1;
}
process.stdout.write(`\n${summary.join('\n')}\n\n${passed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
