// Fails the build when the JavaScript loaded before the first page (the initial files: the module script and
// its modulepreload links in dist/browser/index.html) is over 250 kB once compressed (gzip -9), and prints the
// measured sizes. Angular's own budget (angular.json) measures raw sizes; this one measures what travels.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const LIMIT_KB = 250;
const dist = join(import.meta.dirname, '..', 'dist', 'browser');
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const files = new Set();
for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
  const src = /\b(?:src|href)="([^"]+\.js)"/.exec(tag)?.[1];
  const initial = tag.startsWith('<script') || /\brel="modulepreload"/.test(tag);
  if (src && initial && !/^[a-z]+:|^\/\//i.test(src)) files.add(src.replace(/^\//, ''));
}
if (!files.size) {
  console.error(`check-bundle-size: no initial script found in ${join(dist, 'index.html')}; build the app first`);
  process.exit(1);
}

let raw = 0;
let gzip = 0;
const rows = [...files].map((file) => {
  const bytes = readFileSync(join(dist, file));
  const compressed = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzip += compressed;
  return { file, raw: bytes.length, gzip: compressed };
});
const kB = (n) => `${(n / 1000).toFixed(2)} kB`;
for (const r of rows.sort((a, b) => b.raw - a.raw))
  console.log(`  ${r.file.padEnd(24)} ${kB(r.raw).padStart(11)} raw ${kB(r.gzip).padStart(11)} gzip`);
const summary = `initial JavaScript: ${files.size} files, ${kB(raw)} raw, ${kB(gzip)} gzip -9 (limit ${LIMIT_KB} kB gzip)`;
if (gzip > LIMIT_KB * 1000) {
  console.error(`✘ ${summary}: ${kB(gzip - LIMIT_KB * 1000)} too much. Move code behind a lazy route or drop a dependency.`);
  process.exit(1);
}
console.log(`✔ ${summary}`);
