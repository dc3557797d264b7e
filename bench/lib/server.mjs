// The built server as the benchmarks start it (memory, cold start, public flood): `node backend/dist/src/main.js` with
// the node flags of the root package.json's `start` script (e.g. the new space's size), so they measure it as it
// runs in production; a free port; an emptied PostgreSQL database.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';

export const MAIN = resolve(import.meta.dirname, '../../backend/dist/src/main.js');

/** The arguments of `node` for the server: its flags from `npm start`, then main.js. */
export function serverArgs() {
  const script = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')).scripts.start;
  const found = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+backend\/dist\/src\/main\.js/.exec(script);
  if (!found) throw new Error(`the start script does not run backend/dist/src/main.js with node: ${script}`);
  return [...found[1].trim().split(/\s+/).filter(Boolean), MAIN];
}

/** A port free on 127.0.0.1 now. */
export function freePort() {
  return new Promise((ok, ko) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
    srv.on('error', ko);
  });
}

/** Empties a PostgreSQL database (the benchmarks' own: BENCH_DATABASE_URL). */
export async function resetPostgres(url) {
  const reset = new pg.Client({ connectionString: url });
  await reset.connect();
  await reset.query('DROP SCHEMA IF EXISTS public CASCADE');
  await reset.query('CREATE SCHEMA public');
  await reset.end();
}

/** The environment of a server on `port` with its data in `dir` (test mode), plus `env`. */
export function serverEnv(port, dir, env = {}) {
  return {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dir,
    ...env,
  };
}

/**
 * Starts the server (as `npm start` runs it) on a free port and waits for GET /api/health: `{ child, url, stop }`.
 * Throws with the end of its error output if it exits or is not healthy within `timeoutMs`.
 */
export async function startServer(dir, env = {}, { timeoutMs = 120_000 } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, serverArgs(), { env: serverEnv(port, dir, env), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  for (const deadline = Date.now() + timeoutMs; ;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not healthy in ${timeoutMs / 1000} s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  };
  return { child, url, stop };
}
