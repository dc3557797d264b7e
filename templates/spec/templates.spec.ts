import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOC_LANGS, documentNames, loadStrings, MarkupError, parseMarkup, sanitize, TemplateEngine } from '../src';
import { fixture } from './helpers/poppler';

describe('document templates', () => {
  const engine = new TemplateEngine();

  it('has the same string keys in French, Arabic and English, none empty', () => {
    const fr = Object.keys(loadStrings('fr')).sort();
    for (const lang of DOC_LANGS) {
      const strings = loadStrings(lang);
      expect(Object.keys(strings).sort()).withContext(lang).toEqual(fr);
      for (const [k, v] of Object.entries(strings)) expect(v.trim()).withContext(`${lang}.${k}`).toBeTruthy();
    }
  });

  it('writes Arabic strings in Arabic script and French strings with French wording', () => {
    const ar = loadStrings('ar');
    const fr = loadStrings('fr');
    const en = loadStrings('en');
    for (const [k, v] of Object.entries(ar)) {
      if (k.startsWith('sep.') || k === 'interview.minutes' || k.startsWith('tier.')) continue;
      expect(/[\u0600-\u06FF]/.test(v))
        .withContext(`ar.${k}`)
        .toBeTrue();
    }
    const differs = Object.keys(fr).filter((k) => fr[k] !== en[k]).length;
    expect(differs / Object.keys(fr).length).toBeGreaterThan(0.9);
  });

  it('has a fixture for every template and the protocol documents D1 to D13', () => {
    const names = documentNames();
    for (const name of names)
      expect(() => fixture(name))
        .withContext(name)
        .not.toThrow();
    for (const d of ['report-form', 'initial-assessment', 'target-interview', 'interviews', 'evidence-register', 'protection-plan'])
      expect(names).toContain(d);
    for (const d of [
      'platform-reports',
      'family-liaison',
      'authority-transmission',
      'class-council',
      'follow-up',
      'closure-summary',
      'statistics',
    ])
      expect(names).toContain(d);
    expect(names).toContain('case-file');
    expect(names).toContain('academy-report');
  });

  for (const name of documentNames()) {
    it(`produces valid markup for ${name} from its fixture in every language`, () => {
      for (const lang of DOC_LANGS) {
        const out = engine.render(name, lang, fixture(name));
        expect(out).toContain(`lang="${lang}"`);
        expect(out).toContain(`dir="${lang === 'ar' ? 'rtl' : 'ltr'}"`);
        expect(out).toContain(loadStrings(lang).kingdom);
        expect(() => parseMarkup(out))
          .withContext(`${name}/${lang}`)
          .not.toThrow();
      }
    });

    it(`refuses to render ${name} when a field is missing (strict mode)`, () => {
      const data = fixture(name);
      const first = Object.keys(data).find((k) => k !== 'organisation') ?? 'case';
      const without = { ...data };
      delete without[first];
      expect(() => engine.render(name, 'fr', without)).toThrowError(/not defined|missing/i);
    });
  }

  it('writes suppressed statistics as their mark, never as a number, in every language', () => {
    for (const lang of DOC_LANGS) {
      const out = engine.render('statistics', lang, fixture('statistics'));
      expect(out).toContain('mark="&lt;5"');
      expect(out).toContain('mark="c"');
      const doc = parseMarkup(out);
      const bars = doc.blocks.flatMap((b) => (b.kind === 'chart' ? b.bars : []));
      for (const bar of bars.filter((b) => b.mark !== null)) expect(bar.value).withContext(lang).toBe(0);
      expect(bars.filter((b) => b.mark === '<5').length).toBe(5);
    }
    expect(() =>
      engine.render('statistics', 'fr', {
        ...fixture<Record<string, unknown>>('statistics'),
        totals: { total: { value: null, mark: null } },
      }),
    ).toThrow();
  });

  it('prints the gender-based and AI-facilitated section (issue #13): tables with marks, withheld note, the trend', () => {
    for (const lang of DOC_LANGS) {
      // as the template writes them (Handlebars escapes the apostrophes of "l'IA")
      const strings = Object.fromEntries(
        Object.entries(loadStrings(lang)).map(([k, v]) => [k, v.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').replace(/"/g, '&quot;')]),
      );
      const out = engine.render('statistics', lang, fixture('statistics'));
      expect(out).toContain(strings['d13.genderAi']);
      expect(out).toContain(strings['d13.by.targetSex']);
      expect(out).toContain(`<chart title="${strings['d13.by.aiTrend']}">`);
      const section = out.slice(out.indexOf(strings['d13.genderAi']), out.indexOf(strings['d13.marsad']));
      // target sex: 21, "<5", "c"; author sex withheld; the trend bars carry their marks, never a number
      expect(section).toContain('<td>21</td>');
      expect(section).toContain('<td>&lt;5</td>');
      expect(section).toContain('<td>c</td>');
      expect(section).toContain(strings['d13.withheld']);
      const bars = parseMarkup(out)
        .blocks.flatMap((b) => (b.kind === 'chart' && b.title === loadStrings(lang)['d13.by.aiTrend'] ? b.bars : []))
        .map((b) => [b.value, b.mark]);
      expect(bars).toEqual([
        [0, '<5'],
        [0, 'c'],
      ]);
    }
  });

  it('formats dates for Moroccan French and Arabic readers', () => {
    const fr = engine.render('case-summary', 'fr', fixture('case-summary'));
    const ar = engine.render('case-summary', 'ar', fixture('case-summary'));
    expect(fr).toContain('9 novembre 2026');
    expect(ar).toContain('نونبر');
  });

  it('escapes markup typed by staff', () => {
    const data = fixture<{ case: Record<string, string> }>('case-summary');
    data.case.title = '<script>alert(1)</script> & co';
    const out = engine.render('case-summary', 'fr', data);
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;');
  });

  it('strips control and bidi override characters from data, keeps line breaks', () => {
    expect(sanitize({ a: ['x\u0000y\u202Ez\u2066w\r\nv'], n: 3, b: null })).toEqual({ a: ['xyzw\nv'], n: 3, b: null });
  });

  describe('markup', () => {
    it('refuses unknown tags and attributes', () => {
      expect(() => parseMarkup('<doc lang="fr"><blink>x</blink></doc>')).toThrowError(MarkupError, /unknown tag <blink>/);
      expect(() => parseMarkup('<doc lang="fr"><p onclick="x">x</p></doc>')).toThrowError(MarkupError, /unknown attribute "onclick"/);
      expect(() => parseMarkup('<doc lang="fr"><p>x<table widths="*"></table></p></doc>')).toThrowError(MarkupError);
      expect(() => parseMarkup('<doc lang="fr">loose text</doc>')).toThrowError(MarkupError, /not allowed directly/);
      expect(() => parseMarkup('<doc lang="fr"><p>x</doc>')).toThrowError(MarkupError);
      expect(() => parseMarkup('<doc lang="fr"><p>x</p></h1></doc>')).toThrowError(MarkupError);
      expect(() => parseMarkup('<doc lang="fr"><img src="../../etc/passwd" width="10"/></doc>')).toThrowError(MarkupError);
      expect(() => parseMarkup('<doc lang="fr"><chart><bar value="abc">x</bar></chart></doc>')).toThrowError(MarkupError);
      expect(() => parseMarkup('<doc lang="fr"><chart><bar value="0" mark="hidden value">x</bar></chart></doc>')).toThrowError(MarkupError);
    });

    it('reads the vocabulary into blocks', () => {
      const doc = parseMarkup(
        '<doc lang="ar" title="T"><h1>عنوان</h1><p align="center">a <b>b</b> <i>c</i><br/>d</p><kv><k>x</k><v>y</v></kv><pagebreak/><footer>{page}</footer></doc>',
      );
      expect(doc.dir).toBe('rtl');
      expect(doc.blocks.map((b) => b.kind)).toEqual(['heading', 'p', 'kv', 'pagebreak']);
      const p = doc.blocks[1];
      if (p.kind !== 'p') throw new Error('p expected');
      expect(p.spans).toEqual([
        { text: 'a ', style: 'regular' },
        { text: 'b', style: 'bold' },
        { text: ' ', style: 'regular' },
        { text: 'c', style: 'italic' },
        { text: '\n', style: 'regular' },
        { text: 'd', style: 'regular' },
      ]);
    });

    it('refuses a template that writes an unknown tag', () => {
      const dir = mkdtempSync(join(tmpdir(), 'sanad-tpl-'));
      for (const d of ['documents', 'partials', 'strings']) mkdirSync(join(dir, d));
      writeFileSync(join(dir, 'documents', 'bad.hbs'), '<doc lang="{{lang}}"><marquee>{{x}}</marquee></doc>');
      const bad = new TemplateEngine(dir);
      expect(() => parseMarkup(bad.render('bad', 'fr', { x: 'y' }))).toThrowError(MarkupError, /marquee/);
    });
  });
});
