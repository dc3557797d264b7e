// `npm run samples -w @sanad/templates`: renders every document from its fixture in French and Arabic and writes
// the first page as a PNG (pdftoppm -r 60) to docs/samples/, to look at the layout without opening a PDF.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { documentNames, renderDocument, TEMPLATES_DIR } = require('../dist/src/index.js');

const out = join(TEMPLATES_DIR, '..', 'docs', 'samples');
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) if (f.endsWith('.png')) rmSync(join(out, f));
const tmp = mkdtempSync(join(tmpdir(), 'sanad-samples-'));
let total = 0;
for (const name of documentNames()) {
  const data = JSON.parse(readFileSync(join(TEMPLATES_DIR, 'fixtures', `${name}.json`), 'utf8'));
  for (const lang of ['fr', 'ar']) {
    const { pdf, pages } = renderDocument({ template: name, lang, data, creationDate: '2026-11-20T09:30:00Z' });
    const file = join(tmp, `${name}.${lang}.pdf`);
    writeFileSync(file, pdf);
    const prefix = join(out, `${name}.${lang}`);
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
    const size = statSync(`${prefix}.png`).size;
    total += size;
    console.log(`${name}.${lang}.png  ${pages} page(s)  ${(size / 1024).toFixed(0)} KiB`);
  }
}
rmSync(tmp, { recursive: true, force: true });
console.log(`total ${(total / 1024 / 1024).toFixed(2)} MiB in ${out}`);
