// Writes a brotli (.br) and a gzip (.gz) copy next to every built text file worth compressing, once, at build
// time; the server sends them to browsers that accept them (backend/src/app.factory.ts, serveFrontend).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = join(import.meta.dirname, '..', 'dist', 'browser');
const COMPRESSIBLE = /\.(js|css|json|svg|webmanifest|txt)$/;
let files = 0;
let before = 0;
let after = 0;
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
  const file = join(entry.parentPath, entry.name);
  const bytes = readFileSync(file);
  if (bytes.length < 1024) continue;
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  files++;
  before += bytes.length;
  after += br.length;
}
console.log(`precompressed ${files} files: ${(before / 1000).toFixed(1)} kB → ${(after / 1000).toFixed(1)} kB brotli`);
