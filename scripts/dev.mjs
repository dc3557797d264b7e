#!/usr/bin/env node
// `npm run dev`: builds once, then rebuilds the backend (tsc --watch) and the frontend (ng build --watch) on
// change and restarts the server (node --watch) on http://localhost:3000. Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NG_CLI_ANALYTICS: 'false' };
const first = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', env });
if (first.status !== 0) process.exit(first.status ?? 1);

const children = [
  spawn('npx', ['tsc', '-p', 'backend/tsconfig.build.json', '--watch', '--preserveWatchOutput'], { stdio: 'inherit', env }),
  spawn('npx', ['ng', 'build', '--watch', '--configuration', 'development'], { cwd: 'frontend', stdio: 'inherit', env }),
  spawn(process.execPath, ['--watch-path=backend/dist', 'backend/dist/src/main.js'], { stdio: 'inherit', env }),
];
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
