import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOC_LANGS, documentNames, loadStrings, TemplateEngine, TEMPLATES_DIR } from '../src';

const fixture = (name: string) =>
  JSON.parse(readFileSync(join(TEMPLATES_DIR, 'fixtures', `${name}.json`), 'utf8')) as Record<string, unknown>;

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

  for (const name of documentNames()) {
    it(`renders ${name} from its fixture in every language`, () => {
      for (const lang of DOC_LANGS) {
        const out = engine.render(name, lang, fixture(name));
        expect(out).toContain(`lang="${lang}"`);
        expect(out).toContain(`dir="${lang === 'ar' ? 'rtl' : 'ltr'}"`);
        expect(out).toContain(loadStrings(lang).kingdom);
      }
    });

    it(`refuses to render ${name} when a field is missing (strict mode)`, () => {
      const data = fixture(name);
      const withoutCase = { ...data, case: undefined };
      expect(() => engine.render(name, 'fr', withoutCase)).toThrow();
    });
  }

  it('formats dates for Moroccan French and Arabic readers', () => {
    const fr = engine.render('case-summary', 'fr', fixture('case-summary'));
    const ar = engine.render('case-summary', 'ar', fixture('case-summary'));
    expect(fr).toContain('9 novembre 2026');
    expect(ar).toContain('نونبر');
  });

  it('escapes markup typed by staff', () => {
    const data = fixture('case-summary') as { case: Record<string, string> };
    data.case.title = '<script>alert(1)</script> & co';
    const out = engine.render('case-summary', 'fr', data);
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;');
  });
});
