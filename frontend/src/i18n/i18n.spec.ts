import { CASE_STATES } from '../app/cases/case.model';
import ar from './ar.json';
import en from './en.json';
import fr from './fr.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function params(text: string): string[] {
  return [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] ?? '').sort();
}

describe('translation files (src/i18n)', () => {
  const files: Record<string, Map<string, string>> = {
    fr: flatten(fr),
    ar: flatten(ar),
    en: flatten(en),
  };
  const reference = [...files['fr'].keys()].sort();

  for (const lang of ['ar', 'en']) {
    it(`${lang}.json has exactly the same keys as fr.json`, () => {
      const keys = [...files[lang].keys()].sort();
      expect(keys.filter((k) => !reference.includes(k)))
        .withContext(`keys in ${lang}.json that fr.json lacks`)
        .toEqual([]);
      expect(reference.filter((k) => !keys.includes(k)))
        .withContext(`keys of fr.json missing from ${lang}.json`)
        .toEqual([]);
    });
  }

  for (const lang of ['fr', 'ar', 'en']) {
    it(`${lang}.json has no empty values`, () => {
      const empty = [...files[lang].entries()].filter(([, v]) => v.trim() === '').map(([k]) => k);
      expect(empty).toEqual([]);
    });
  }

  it('uses the same {{parameters}} in every language', () => {
    const mismatches: string[] = [];
    for (const [key, text] of files['fr']) {
      for (const lang of ['ar', 'en']) {
        const other = files[lang].get(key);
        if (other !== undefined && params(other).join() !== params(text).join()) mismatches.push(`${lang}:${key}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('has a label for every case state', () => {
    for (const state of [...CASE_STATES, 'unknown'])
      expect(files['fr'].has(`cases.states.${state}`))
        .withContext(state)
        .toBeTrue();
  });
});
