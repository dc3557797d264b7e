import { ERROR_STATUS } from './domain-error';
import { LANGS, MESSAGES, pickLang } from './messages';

describe('messages', () => {
  it('has every message in French, Arabic and English, none empty', () => {
    for (const [key, byLang] of Object.entries(MESSAGES)) {
      for (const lang of LANGS)
        expect((byLang as Record<string, string>)[lang]?.trim())
          .withContext(`${key}.${lang}`)
          .toBeTruthy();
      expect(/[\u0600-\u06FF]/.test(byLang.ar))
        .withContext(`${key}.ar is Arabic`)
        .toBeTrue();
    }
  });

  it('has a message for every error code', () => {
    for (const code of Object.keys(ERROR_STATUS)) expect(Object.keys(MESSAGES)).toContain(code);
  });

  const headers: [string | undefined, string][] = [
    [undefined, 'fr'],
    ['', 'fr'],
    ['ar-MA,ar;q=0.9,fr;q=0.8', 'ar'],
    ['en-US,en;q=0.5', 'en'],
    ['de-DE,de;q=0.9', 'fr'],
    ['de;q=1, en;q=0.2, ar;q=0.7', 'ar'],
    ['fr;q=0, en', 'en'],
  ];
  for (const [header, lang] of headers) {
    it(`picks ${lang} for Accept-Language "${header}"`, () => expect(pickLang(header)).toBe(lang));
  }
});
