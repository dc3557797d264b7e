import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';

export type DocLang = 'fr' | 'ar' | 'en';
export const DOC_LANGS: readonly DocLang[] = ['fr', 'ar', 'en'];

/** The package root, from `dist/src` at run time or `src` under tools. */
export const TEMPLATES_DIR = join(__dirname, __dirname.includes(join('dist', 'src')) ? '../..' : '..');

const LOCALES: Record<DocLang, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

export function loadStrings(lang: DocLang): Record<string, string> {
  return JSON.parse(readFileSync(join(TEMPLATES_DIR, 'strings', `${lang}.json`), 'utf8')) as Record<string, string>;
}

/** Names of the document templates (`documents/<name>.hbs`). */
export function documentNames(): string[] {
  return readdirSync(join(TEMPLATES_DIR, 'documents'))
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => basename(f, '.hbs'))
    .sort();
}

/**
 * Compiles every document template in strict mode (a missing field is an error, never an empty cell) with the
 * partials and helpers documents may use: `t` (a string in the document's language) and `date` (fr-MA/ar-MA).
 * The output is the restricted markup the PDF renderer reads (see templates/README.md).
 */
export class TemplateEngine {
  private readonly hb = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  private readonly strings: Record<DocLang, Record<string, string>>;

  constructor(dir = TEMPLATES_DIR) {
    this.strings = { fr: loadStrings('fr'), ar: loadStrings('ar'), en: loadStrings('en') };
    for (const file of readdirSync(join(dir, 'partials')).filter((f) => f.endsWith('.hbs'))) {
      this.hb.registerPartial(basename(file, '.hbs'), readFileSync(join(dir, 'partials', file), 'utf8'));
    }
    this.hb.registerHelper('t', (key: string, options: Handlebars.HelperOptions) => {
      const lang = (options.data as { root: { lang: DocLang } }).root.lang;
      const value = this.strings[lang][key];
      if (value === undefined) throw new Error(`templates: no string "${key}" in ${lang}`);
      return value;
    });
    this.hb.registerHelper('date', (value: string, options: Handlebars.HelperOptions) => {
      const lang = (options.data as { root: { lang: DocLang } }).root.lang;
      const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
      if (Number.isNaN(d.getTime())) throw new Error(`templates: "${value}" is not a date`);
      return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'long', timeZone: 'Africa/Casablanca' }).format(d);
    });
    for (const name of documentNames()) {
      this.compiled.set(name, this.hb.compile(readFileSync(join(dir, 'documents', `${name}.hbs`), 'utf8'), { strict: true }));
    }
  }

  render(name: string, lang: DocLang, data: Record<string, unknown>): string {
    const template = this.compiled.get(name);
    if (!template) throw new Error(`templates: unknown document "${name}"`);
    return template({ ...data, lang, dir: lang === 'ar' ? 'rtl' : 'ltr' });
  }
}
