/** Languages offered by Sanad. French is the default. */
export const LANGUAGES = ['fr', 'ar', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'fr';
export const LANG_STORAGE_KEY = 'sanad.lang';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Locale used by Intl for dates. ar-MA keeps Latin digits, as Moroccan usage does. */
export function dateLocaleOf(lang: Lang): string {
  switch (lang) {
    case 'fr':
      return 'fr-MA';
    case 'ar':
      return 'ar-MA';
    case 'en':
      return 'en-GB';
  }
}

export function dirOf(lang: Lang): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}
