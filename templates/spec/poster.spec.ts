import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createQr } from 'qrcode';
import { loadStrings, MarkupError, parseMarkup, renderDocument, TemplateEngine, type PosterData } from '../src';
import { fixture, pdfText } from './helpers/poppler';

const squash = (s: string) => s.replace(/\s+/g, '');

/** Page 1 of a PDF as a grey-level raster (pdftoppm, PGM). */
function raster(pdf: Buffer, dpi: number): { width: number; height: number; at(x: number, y: number): number } {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-qr-'));
  try {
    writeFileSync(join(dir, 'p.pdf'), pdf);
    execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', '1', '-l', '1', join(dir, 'p.pdf'), join(dir, 'out')]);
    const file = execFileSync('ls', [dir], { encoding: 'utf8' })
      .split('\n')
      .find((f) => f.endsWith('.pgm'))!;
    const buf = readFileSync(join(dir, file));
    // P5 header: magic, width, height, max, each followed by one whitespace
    const header = buf.toString('latin1', 0, 40).split(/\s+/);
    const [width, height] = [Number(header[1]), Number(header[2])];
    const offset = buf.indexOf('\n', buf.indexOf('\n', buf.indexOf('\n') + 1) + 1) + 1;
    return { width, height, at: (x, y) => buf[offset + y * width + x] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('poster of the public reporting page', () => {
  const data = fixture<PosterData>('poster');

  it('prints the short link, the helplines and the emergency number, in French and in Arabic', () => {
    for (const lang of ['fr', 'ar'] as const) {
      const strings = loadStrings(lang);
      const { pdf, pages } = renderDocument({ template: 'poster', lang, data });
      expect(pages).withContext(lang).toBe(1);
      const text = squash(pdfText(pdf));
      expect(text).withContext(lang).toContain(squash(data.shortLink));
      expect(text).withContext(lang).toContain('2511');
      expect(text).withContext(lang).toContain('+212624405889');
      expect(text).withContext(lang).toContain(squash(strings['poster.title']));
      expect(text).withContext(lang).toContain(squash(strings['poster.lead']));
      expect(text).withContext(lang).toContain(squash(strings['poster.danger']));
      // mixed Arabic / Latin lines come back from pdftotext in another order: checked in French only
      if (lang === 'fr') {
        expect(text).toContain(squash(strings['poster.emergency']));
        expect(text).toContain(squash(data.helplines[0].name.fr));
      }
    }
  });

  it('draws the QR code of the link as vector squares that read back module by module', () => {
    // a page with the QR code only, so that its place is found from the dark pixels
    const dir = mkdtempSync(join(tmpdir(), 'sanad-tpl-'));
    for (const d of ['documents', 'partials']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'documents', 'qr.hbs'), '<doc lang="{{lang}}"><qr data="{{link}}" size="300" align="left"/></doc>');
    const { pdf } = renderDocument({ template: 'qr', lang: 'fr', data: { link: data.link } }, new TemplateEngine(dir));
    rmSync(dir, { recursive: true, force: true });
    const page = raster(pdf, 150);
    let [minX, minY, maxX, maxY] = [page.width, page.height, 0, 0];
    for (let y = 0; y < page.height; y++)
      for (let x = 0; x < page.width; x++)
        if (page.at(x, y) < 128) [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
    const matrix = createQr(data.link, { errorCorrectionLevel: 'M' }).modules;
    const n = matrix.size;
    const cell = (maxX - minX + 1) / n;
    expect(Math.abs(maxY - minY - (maxX - minX))).toBeLessThanOrEqual(2); // square
    let wrong = 0;
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) {
        const dark = page.at(Math.floor(minX + (c + 0.5) * cell), Math.floor(minY + (r + 0.5) * cell)) < 128;
        if (dark !== Boolean(matrix.get(r, c))) wrong++;
      }
    expect(wrong).toBe(0);
  });

  it('refuses a <qr> without an http(s) link or with a size out of range', () => {
    expect(() => parseMarkup('<doc lang="fr"><qr data="javascript:alert(1)" size="100"/></doc>')).toThrowError(MarkupError, /qr data/);
    expect(() => parseMarkup('<doc lang="fr"><qr data="https://x.ma/r" size="1000"/></doc>')).toThrowError(MarkupError);
    expect(() => parseMarkup('<doc lang="fr"><qr data="https://x.ma/r" size="100" colour="red"/></doc>')).toThrowError(MarkupError);
    expect(parseMarkup('<doc lang="fr"><qr data="https://x.ma/r" size="100"/></doc>').blocks[0]).toEqual({
      kind: 'qr',
      data: 'https://x.ma/r',
      size: 100,
      align: null,
    });
  });
});
