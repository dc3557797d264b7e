import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentRenderer, documentNames, loadStrings, MarkupError, renderDocument, TemplateEngine, type ReportFormData } from '../src';
import { fixture, pdfInfo, pdfText, pdfWords, type Word } from './helpers/poppler';

const squash = (s: string) => s.replace(/\s+/g, '');

/** Words of one text line (same page, same top within a point). */
function lineOf(words: Word[], anchor: string): Word[] {
  const a = words.find((w) => w.text === anchor);
  if (!a) throw new Error(`"${anchor}" not found`);
  return words.filter((w) => w.page === a.page && Math.abs(w.yMin - a.yMin) < 1.5);
}

describe('PDF rendering', () => {
  for (const name of documentNames()) {
    it(`renders ${name} from its fixture in French and Arabic`, () => {
      for (const lang of ['fr', 'ar'] as const) {
        const { pdf, pages } = renderDocument({ template: name, lang, data: fixture(name) });
        const info = pdfInfo(pdf);
        expect(Number(info.Pages)).withContext(`${name}/${lang}`).toBe(pages);
        const text = squash(pdfText(pdf));
        const strings = loadStrings(lang);
        expect(text).withContext(`${name}/${lang}`).toContain(squash(strings.kingdom));
        // footer "Page 1 sur N" / "الصفحة 1 من N" on the first page, read by position
        const first = strings['footer.page'].split(' ')[0];
        const footer = lineOf(
          pdfWords(pdf).filter((w) => w.page === 1),
          first,
        ).map((w) => w.text);
        expect(footer).withContext(`${name}/${lang}`).toContain(String(pages));
        expect(footer).withContext(`${name}/${lang}`).toContain(strings['footer.page'].split(' ')[2]);
      }
    });
  }

  it('writes the metadata: title, author, language, creation date', () => {
    const { pdf } = renderDocument({
      template: 'report-form',
      lang: 'fr',
      data: fixture('report-form'),
      creationDate: '2026-11-20T09:30:00Z',
    });
    const info = pdfInfo(pdf, ['-isodates']);
    expect(info.Title).toBe('Fiche de signalement');
    expect(info.Author).toBe('Sanad');
    expect(info.CreationDate).toMatch(/^2026-11-20T/);
    expect(info.Encrypted).toBe('no');
    expect(pdf.toString('latin1')).toContain('/Lang (fr-MA)');
    const ar = renderDocument({ template: 'report-form', lang: 'ar', data: fixture('report-form') });
    expect(pdfInfo(ar.pdf).Title).toBe('بطاقة التبليغ');
    expect(ar.pdf.toString('latin1')).toContain('/Lang (ar-MA)');
  });

  it('puts the French then the Arabic version in one bilingual file', () => {
    const data = fixture('protection-plan');
    const fr = renderDocument({ template: 'protection-plan', lang: 'fr', data });
    const ar = renderDocument({ template: 'protection-plan', lang: 'ar', data });
    const both = renderDocument({ template: 'protection-plan', lang: 'fr+ar', data });
    expect(both.pages).toBe(fr.pages + ar.pages);
    const text = squash(pdfText(both.pdf));
    expect(text).toContain(squash('Plan de protection'));
    expect(text).toContain(squash('خطة الحماية'));
    expect(text.indexOf(squash('Plan de protection'))).toBeLessThan(text.indexOf(squash('خطة الحماية')));
    expect(pdfInfo(both.pdf).Title).toBe('Plan de protection / خطة الحماية');
  });

  it('protects exports that leave the school with a password', () => {
    const { pdf } = renderDocument({
      template: 'authority-transmission',
      lang: 'fr',
      data: fixture('authority-transmission'),
      password: 'S3cret-2026',
    });
    expect(() => pdfInfo(pdf)).toThrow();
    const info = pdfInfo(pdf, ['-upw', 'S3cret-2026']);
    expect(info.Encrypted).toMatch(/^yes/);
    expect(info.Encrypted).toMatch(/copy:no/);
    expect(info.Author).toBe('Sanad');
    expect(squash(pdfText(pdf, ['-upw', 'S3cret-2026']))).toContain(squash('Fiche de transmission aux autorités'));
  });

  it('orders Arabic words right to left and keeps Latin words and identifiers left to right', () => {
    const data = fixture<ReportFormData>('report-form');
    data.report.description = 'تلقينا الرسالة من الحساب Atlas SARL يوم أمس';
    const { pdf } = renderDocument({ template: 'report-form', lang: 'ar', data });
    const words = pdfWords(pdf);
    const line = lineOf(words, 'تلقينا');
    const x = (t: string) => {
      const w = line.find((l) => l.text === t);
      if (!w) throw new Error(`"${t}" not on the line: ${line.map((l) => l.text).join(' ')}`);
      return w.xMin;
    };
    // logical order تلقينا الرسالة من الحساب … يوم أمس: the first word is the rightmost
    expect(x('تلقينا')).toBeGreaterThan(x('الرسالة'));
    expect(x('الرسالة')).toBeGreaterThan(x('الحساب'));
    expect(x('الحساب')).toBeGreaterThan(x('SARL'));
    expect(x('SARL')).toBeGreaterThan(x('يوم'));
    expect(x('يوم')).toBeGreaterThan(x('أمس'));
    // the Latin words keep their own order inside the Arabic line
    expect(x('Atlas')).toBeLessThan(x('SARL'));
    // an identifier with digits and a hyphen is not reordered (0042-2026)
    expect(words.some((w) => w.text === '2026-0042')).toBeTrue();
    expect(words.some((w) => w.text === '0042-2026')).toBeFalse();
  });

  it('right-aligns Arabic tables: the first column is on the right', () => {
    const { pdf } = renderDocument({ template: 'case-summary', lang: 'ar', data: fixture('case-summary') });
    const words = pdfWords(pdf);
    const label = words.find((w) => w.text === 'المرجع')!;
    const value = words.find((w) => w.text === '2026-0001')!;
    expect(Math.abs(label.yMin - value.yMin)).toBeLessThan(2);
    expect(label.xMin).toBeGreaterThan(value.xMax);
  });

  it('prints hostile text literally and strips control characters', () => {
    const data = fixture<ReportFormData>('report-form');
    const long = 'x'.repeat(400);
    data.report.description = [
      '<script>alert(1)</script>',
      '</p><h1>titre</h1>',
      '{{t "kingdom"}} {{{',
      'abc\u202Edef',
      long,
      'smile 😀 end',
      'nul\u0000byte',
    ].join('\n');
    data.report.reporterRole = '<img src=x onerror=alert(1)>';
    const { pdf } = renderDocument({ template: 'report-form', lang: 'fr', data });
    const text = pdfText(pdf);
    const flat = squash(text);
    expect(flat).toContain('<script>alert(1)</script>');
    expect(flat).toContain('</p><h1>titre</h1>');
    expect(flat).toContain(squash('{{t "kingdom"}} {{{'));
    expect(flat).toContain('<imgsrc=xonerror=alert(1)>');
    expect(flat).toContain('abcdef');
    expect(text).not.toContain('\u202E');
    expect(flat).toContain(long); // broken across lines, never lost
    expect(flat).toContain('smile?end');
    expect(flat).toContain('nulbyte');
    // the very long word never runs past the right margin
    for (const w of pdfWords(pdf)) expect(w.xMax).toBeLessThan(595.28 - 40);
  });

  it('reports template errors: unknown document, missing field, unknown tag', () => {
    expect(() => renderDocument({ template: 'nope', lang: 'fr', data: {} })).toThrowError(/unknown document/);
    const data = fixture<Record<string, unknown>>('evidence-register');
    delete data.evidence;
    expect(() => renderDocument({ template: 'evidence-register', lang: 'ar', data })).toThrowError(/evidence/);
    const dir = mkdtempSync(join(tmpdir(), 'sanad-tpl-'));
    for (const d of ['documents', 'partials']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'documents', 'bad.hbs'), '<doc lang="{{lang}}"><p>{{x}}</p><video/></doc>');
    expect(() => renderDocument({ template: 'bad', lang: 'fr', data: { x: 1 } }, new TemplateEngine(dir))).toThrowError(
      MarkupError,
      /video/,
    );
  });

  it('renders the statistics with vector bar charts', () => {
    const { pdf } = renderDocument({ template: 'statistics', lang: 'ar', data: fixture('statistics') });
    const text = squash(pdfText(pdf));
    expect(text).toContain(squash('الملفات حسب درجة الخطورة'));
    expect(text).toContain('<5');
    expect(pdf.toString('latin1')).not.toContain('/Subtype /Image /Width 1'); // bars are paths, not pictures
  });

  it('prints suppressed counts of the statistics as "<5" or "c", never a number, and names no school', () => {
    const data = fixture<Record<string, unknown>>('statistics');
    const { pdf } = renderDocument({ template: 'statistics', lang: 'fr', data });
    const text = pdfText(pdf);
    const lines = text.split('\n').map((l) => l.trim());
    // the suppressed bars: their label, then the mark where the value would be (no bar drawn)
    expect(squash(text)).toContain(squash('Menaces <5'));
    expect(squash(text)).toContain(squash('T2 – harcèlement grave c'));
    expect(squash(text)).toContain(squash('Le harcèlement continue <5'));
    expect(lines.some((l) => /^Menaces\s+\d/.test(l))).toBeFalse();
    // a withheld breakdown: its title and a short note
    expect(squash(text)).toContain(squash('Dossiers par parcours de traitement'));
    expect(squash(text)).toContain(squash('Répartition non publiée'));
    expect(squash(text)).toContain(squash('Dossiers par mois de signalement'));
    expect(squash(text)).toContain(squash('Dossiers par direction provinciale'));
    expect(squash(text)).toContain(squash('21 jours'));
    expect(squash(text)).toContain(squash('88.2 %'));
    expect(text).not.toMatch(/CS-[A-Z]{3}-\d{3}/);
    // a bar with a value that is not shown is a markup error; marks are short
    expect(() => renderDocument({ template: 'statistics', lang: 'en', data })).not.toThrow();
  });

  it('keeps names out of the academy report', () => {
    const { pdf } = renderDocument({ template: 'academy-report', lang: 'fr', data: fixture('academy-report') });
    const text = pdfText(pdf);
    for (const name of ['Yasmine', 'Alaoui', 'Berrada', 'Bennani']) expect(text).not.toContain(name);
    expect(squash(text)).toContain('CS-BMS-014-26-007');
  });

  describe('DocumentRenderer (worker threads)', () => {
    let renderer: DocumentRenderer;
    beforeAll(() => (renderer = new DocumentRenderer({ size: 2 })));
    afterAll(async () => renderer.close());

    it('renders in worker threads, several at a time, and streams the file back', async () => {
      const jobs = (['fr', 'ar', 'fr+ar'] as const).map((lang) =>
        renderer.render({ template: 'follow-up', lang, data: fixture('follow-up') }),
      );
      const results = await Promise.all(jobs);
      for (const r of results) {
        expect(r.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(Number(pdfInfo(r.pdf).Pages)).toBe(r.pages);
      }
      expect(results[2].pages).toBe(results[0].pages + results[1].pages);
      expect(renderer.size).toBe(2);
    });

    it('rejects with the template error and keeps working', async () => {
      await expectAsync(renderer.render({ template: 'follow-up', lang: 'fr', data: {} })).toBeRejectedWithError(
        /follow-up.*(not defined|missing|undefined)/i,
      );
      const ok = await renderer.render({ template: 'case-summary', lang: 'ar', data: fixture('case-summary'), password: 'x' });
      expect(pdfInfo(ok.pdf, ['-upw', 'x']).Encrypted).toMatch(/^yes/);
    });

    it('refuses work once closed', async () => {
      const other = new DocumentRenderer({ size: 1 });
      await other.close();
      await expectAsync(other.render({ template: 'case-summary', lang: 'fr', data: fixture('case-summary') })).toBeRejectedWithError(
        /closed/,
      );
    });
  });
});
