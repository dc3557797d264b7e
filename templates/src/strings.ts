import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type DocLang = 'fr' | 'ar' | 'en';
export const DOC_LANGS: readonly DocLang[] = ['fr', 'ar', 'en'];

/** The package root, from `dist/src` at run time or `src` under tools. */
export const TEMPLATES_DIR = join(__dirname, __dirname.includes(join('dist', 'src')) ? '../..' : '..');

/** The document strings of one language (`strings/<lang>.json`). */
export function loadStrings(lang: DocLang): Record<string, string> {
  return JSON.parse(readFileSync(join(TEMPLATES_DIR, 'strings', `${lang}.json`), 'utf8')) as Record<string, string>;
}
