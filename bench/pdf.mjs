// The full case file (French labels, Arabic and French text typed by staff) rendered to PDF by the document
// renderer (pdfkit in a worker thread), against the same content as HTML printed to PDF by headless Chromium
// (playwright-core, Debian chromium), measured in the same run. Also: peak memory of the rendering worker,
// Amiri against Noto Naskh, and correctness gates (fonts embedded, qpdf --check, Arabic word order as in Chromium).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tpl from '@sanad/templates';
import { chromium } from 'playwright-core';
import { measure, measureAsync, report } from './lib/measure.mjs';

const { DocumentRenderer, TEMPLATES_DIR, defaultEngine, renderDocument } = tpl;
const tmp = mkdtempSync(join(tmpdir(), 'sanad-bench-pdf-'));
process.once('exit', () => rmSync(tmp, { recursive: true, force: true }));

// ---- the document: the case-file fixture, with Arabic text typed by staff mixed into French sections
const data = JSON.parse(readFileSync(join(TEMPLATES_DIR, 'fixtures', 'case-file.json'), 'utf8'));
const ORDER_LINE = 'تلقينا الرسالة من الحساب Atlas SARL يوم الجمعة';
data.report.description = `${ORDER_LINE}\n${data.report.description}\nأفادت التلميذة بأن الرسائل كانت تصلها ليلاً من رقم مجهول، وأنها لم تعد ترغب في الذهاب إلى المدرسة. Elle a montré les messages à sa mère le 8 novembre.`;
data.targetInterviews[0].notes = 'المقابلة جرت في مكتب المستشارة بحضور أستاذة القسم، ودامت خمساً وثلاثين دقيقة (35 min).';
data.followUps[0].notes = 'التلميذة تشارك من جديد في أنشطة القسم، ويُلاحظ تحسن في نتائجها الدراسية.';
const request = { template: 'case-file', lang: 'fr', data };
const ours = renderDocument(request);
const pages = ours.pages;
writeFileSync(join(tmp, 'sanad.pdf'), ours.pdf);

// ---- the same content as HTML: the template's own markup, styled with CSS (custom elements) and Amiri
const amiri = (v) => join(import.meta.dirname, '..', 'node_modules', '@expo-google-fonts', 'amiri', v, `Amiri_${v}.ttf`);
const logo = readFileSync(join(TEMPLATES_DIR, 'assets', 'sanad-mark.png')).toString('base64');
const CSS = `
@font-face { font-family: Amiri; src: url(file://${amiri('400Regular')}); }
@font-face { font-family: Amiri; font-weight: bold; src: url(file://${amiri('700Bold')}); }
@font-face { font-family: Amiri; font-style: italic; src: url(file://${amiri('400Regular_Italic')}); }
@page { size: A4; margin: 46pt 46pt 60pt; }
body { font-family: Amiri; font-size: 10pt; line-height: 1.55; color: #111; margin: 0; }
doc, header, section, columns, p, h1, h2, h3, kv, signatures, chart, pagebreak, hr { display: block; }
h1 { font-size: 16pt; text-align: center; margin: 8pt 0 4pt; } h2 { font-size: 12.5pt; border-bottom: 0.6pt solid #8a8a8a; margin: 6pt 0 4pt; }
h3 { font-size: 11pt; margin: 6pt 0 2pt; } p { margin: 0 0 3pt; }
p[muted] { color: #555; } p[align=center] { text-align: center; } p[size="8"] { font-size: 8pt; } p[size="8.5"] { font-size: 8.5pt; }
columns { display: flex; gap: 12pt; } column { flex: 1; display: block; }
table { width: 100%; border-collapse: collapse; margin-bottom: 6pt; font-size: 9.5pt; }
th, td { border: 0.5pt solid #8a8a8a; padding: 4pt; vertical-align: top; text-align: start; } th { background: #ececec; }
kv { display: grid; grid-template-columns: 150pt 1fr; font-size: 9.5pt; margin-bottom: 6pt; }
k { font-weight: bold; } k, v { padding: 4pt; border-bottom: 0.3pt solid #8a8a8a; }
signatures { display: flex; gap: 14pt; margin: 6pt 0; } sign { flex: 1; height: 92pt; border: 0.5pt solid #8a8a8a; padding: 4pt; font-size: 9.5pt; }
sign::before { content: attr(title); display: block; font-weight: bold; }
pagebreak { break-after: page; } footer { display: none; }
.bar { display: flex; align-items: center; gap: 4pt; font-size: 9.5pt; } .bar span { width: 170pt; } .bar i { display: block; height: 11pt; background: #2f6690; }
`;
function toHtml(markup) {
  const footer = /<footer>([\s\S]*?)<\/footer>/.exec(markup)?.[1] ?? '';
  const body = markup
    .replace(
      /<img src="([^"]+)" width="(\d+)"[^>]*\/>/g,
      (_m, _src, w) => `<img src="data:image/png;base64,${logo}" style="width:${w}pt;display:block;margin:auto">`,
    )
    .replace(
      /<bar value="(\d+)">([\s\S]*?)<\/bar>/g,
      (_m, v, label) => `<div class="bar"><span>${label}</span><i style="width:${v * 8}pt"></i>${v}</div>`,
    )
    .replace(/<(pagebreak|hr)\/>/g, '<$1></$1>')
    .replace(/<br\/>/g, '<br>');
  const dir = /dir="(\w+)"/.exec(markup)[1];
  const lang = /lang="(\w+)"/.exec(markup)[1];
  return {
    html: `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><style>${CSS}</style></head><body>${body}</body></html>`,
    footer,
  };
}
const { html, footer } = toHtml(defaultEngine().render(request.template, request.lang, request.data));
const htmlFile = join(tmp, 'case-file.html');
writeFileSync(htmlFile, html);
const pdfOptions = {
  format: 'A4',
  displayHeaderFooter: true,
  headerTemplate: '<span></span>',
  footerTemplate: `<div style="font-size:8pt;width:100%;text-align:center;color:#555">${footer
    .replace('{page}', '<span class="pageNumber"></span>')
    .replace('{pages}', '<span class="totalPages"></span>')}</div>`,
  margin: { top: '16.2mm', bottom: '21.2mm', left: '16.2mm', right: '16.2mm' }, // 46pt, 60pt
};
const launchOptions = { executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] };
async function chromiumPdf(browser) {
  const page = await browser.newPage();
  await page.goto(`file://${htmlFile}`);
  const pdf = await page.pdf(pdfOptions);
  await page.close();
  return pdf;
}

// ---- memory: resident set of a process tree, from /proc
function rssKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
function treeRssKb(root) {
  const children = new Map();
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const ppid = Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(p));
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop();
    total += rssKb(p);
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

// ---- 1. our renderer: warm, in a worker (what the API does), heap capped at 150 MB
const renderer = new DocumentRenderer({ size: 1, resourceLimits: { maxOldGenerationSizeMb: 150 } });
let peakHeap = 0;
const warmWorker = await measureAsync(
  async () => {
    const r = await renderer.render(request);
    peakHeap = Math.max(peakHeap, r.stats.heapUsed);
  },
  { min: 20, minMs: 3000 },
);
await renderer.close();
const inProcess = measure(() => renderDocument(request), { min: 15, minMs: 2000 });

// peak RSS of a process that does nothing but render (VmHWM, the kernel's high-water mark)
const hwm = (script) =>
  Number(execFileSync(process.execPath, ['-e', script], { cwd: import.meta.dirname, encoding: 'utf8' }).trim()) / 1024;
const idleNodeMb = hwm(`console.log(/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status','utf8'))[1])`);
const renderNodeMb = hwm(
  `const t=require('@sanad/templates');const d=${JSON.stringify(JSON.stringify(request))};` +
    `for(let i=0;i<10;i++)t.renderDocument(JSON.parse(d));` +
    `console.log(/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status','utf8'))[1])`,
);

// ---- 2. fonts: Amiri (one face) against Noto Naskh Arabic + Amiri for Latin letters
const fontTimes = {};
const fontText = {};
for (const fonts of ['amiri', 'noto']) {
  fontTimes[fonts] = measure(() => renderDocument({ ...request, fonts }), { min: 10, minMs: 1500 });
  const f = join(tmp, `fonts-${fonts}.pdf`);
  writeFileSync(f, renderDocument({ ...request, lang: 'ar', fonts }).pdf);
  const text = execFileSync('pdftotext', [f, '-'], { encoding: 'utf8' });
  // bold labels and table headers: do the words come back whole when the text is extracted (search, copy, screen readers)?
  fontText[fonts] = ['تحرش', 'صاحب(ة) التبليغ', 'مسار المعالجة'].filter((w) => text.includes(w)).length;
}

// ---- 3. Chromium: (a) warm browser, new page per document; (b) cold launch per document
const browser = await chromium.launch(launchOptions);
let chromiumPeakKb = 0; // Chromium runs as child processes of this one
const chromiumTreeKb = () => treeRssKb(process.pid) - rssKb(process.pid);
const warmChromium = await measureAsync(
  async () => {
    await chromiumPdf(browser);
    chromiumPeakKb = Math.max(chromiumPeakKb, chromiumTreeKb());
  },
  { min: 10, minMs: 3000 },
);
const chromiumBytes = await chromiumPdf(browser);
writeFileSync(join(tmp, 'chromium.pdf'), chromiumBytes);
await browser.close();
const coldChromium = await measureAsync(
  async () => {
    const b = await chromium.launch(launchOptions);
    await chromiumPdf(b);
    await b.close();
  },
  { min: 5, minMs: 3000 },
);

// ---- 4. correctness gates
const gates = [];
const pdffonts = execFileSync('pdffonts', [join(tmp, 'sanad.pdf')], { encoding: 'utf8' }).split('\n');
const embAt = pdffonts[0].indexOf('emb');
const fontRows = pdffonts.slice(2).filter(Boolean);
gates.push([
  `fonts embedded (pdffonts emb=yes for all ${fontRows.length})`,
  fontRows.length > 0 && fontRows.every((l) => l.slice(embAt, embAt + 3) === 'yes'),
]);
let qpdfOk = true;
try {
  execFileSync('qpdf', ['--check', join(tmp, 'sanad.pdf')], { stdio: 'ignore' });
} catch {
  qpdfOk = false;
}
gates.push(['qpdf --check', qpdfOk]);
function lineWords(file, anchor) {
  const out = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  // poppler writes Arabic words in visual character order: reverse them back; keep the page of each word
  const words = out.split('<page ').flatMap((page, n) =>
    [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*)<\/word>/g)].map((m) => {
      const raw = m[3];
      return { page: n, x: Number(m[1]), y: Number(m[2]), text: /[\u0600-\u06FF]/.test(raw) ? [...raw].reverse().join('') : raw };
    }),
  );
  const a = words.find((w) => w.text === anchor);
  if (!a) return [];
  return words
    .filter((w) => w.page === a.page && Math.abs(w.y - a.y) < 2)
    .sort((p, q) => p.x - q.x)
    .map((w) => w.text);
}
const oursOrder = lineWords(join(tmp, 'sanad.pdf'), 'تلقينا');
const chromeOrder = lineWords(join(tmp, 'chromium.pdf'), 'تلقينا');
const sameOrder = oursOrder.length > 3 && oursOrder.join(' ') === chromeOrder.join(' ');
gates.push([`Arabic word order as in Chromium (${oursOrder.join(' ')})`, sameOrder]);
const chromiumPages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(tmp, 'chromium.pdf')], { encoding: 'utf8' }))[1]);

// ---- report
report(`PDF: full case file, ${pages} pages (Chromium: ${chromiumPages}), French with Arabic text, Amiri`, [
  ['baseline (a): Chromium warm browser, new page per document', warmChromium],
  ['baseline (b): Chromium cold launch per document', coldChromium],
  ['DocumentRenderer (worker thread, warm)', warmWorker],
  ['renderDocument in process (warm)', inProcess],
  ['fonts: Amiri', fontTimes.amiri],
  ['fonts: Noto Naskh Arabic + Amiri Latin', fontTimes.noto],
]);
console.log(`  ratio Chromium warm / ours: ${(warmChromium.median / warmWorker.median).toFixed(1)}x faster`);
console.log(`  ratio Chromium cold / ours: ${(coldChromium.median / warmWorker.median).toFixed(1)}x faster`);
console.log(
  `  memory: worker heap peak ${(peakHeap / 1048576).toFixed(0)} MB (cap 150 MB held); render-only process peak RSS ` +
    `${renderNodeMb.toFixed(0)} MB (idle Node ${idleNodeMb.toFixed(0)} MB); Chromium tree peak RSS ${(chromiumPeakKb / 1024).toFixed(0)} MB`,
);
console.log(`  text extraction of bold Arabic words (of 3): Amiri ${fontText.amiri}, Noto ${fontText.noto}`);
console.log(`  sizes: ours ${(ours.pdf.length / 1024).toFixed(0)} KiB, Chromium ${(chromiumBytes.length / 1024).toFixed(0)} KiB`);
for (const [name, ok] of gates) console.log(`  gate ${ok ? 'OK  ' : 'FAIL'} ${name}`);
if (!sameOrder) console.log(`    Chromium: ${chromeOrder.join(' ')}`);
console.log(
  JSON.stringify({
    bench: 'pdf-case-file',
    pages,
    oursMs: warmWorker.median,
    inProcessMs: inProcess.median,
    chromiumWarmMs: warmChromium.median,
    chromiumColdMs: coldChromium.median,
    workerHeapPeakMb: peakHeap / 1048576,
    renderProcessPeakRssMb: renderNodeMb,
    chromiumPeakRssMb: chromiumPeakKb / 1024,
    amiriMs: fontTimes.amiri.median,
    notoMs: fontTimes.noto.median,
    gates: Object.fromEntries(gates.map(([n, ok]) => [n.split(' (')[0], ok])),
  }),
);
if (gates.some(([, ok]) => !ok)) process.exit(1);
