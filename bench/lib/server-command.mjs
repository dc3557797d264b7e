// How `npm start` runs the server: the node flags of the root package.json's `start` script (e.g. the new space's
// size), so the benchmarks that start the built server (memory, cold start) measure it as it runs in production.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const MAIN = resolve(import.meta.dirname, '../../backend/dist/src/main.js');

/** The arguments of `node` for the server: its flags from `npm start`, then main.js. */
export function serverArgs() {
  const script = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')).scripts.start;
  const found = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+backend\/dist\/src\/main\.js/.exec(script);
  if (!found) throw new Error(`the start script does not run backend/dist/src/main.js with node: ${script}`);
  return [...found[1].trim().split(/\s+/).filter(Boolean), MAIN];
}
