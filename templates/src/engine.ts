import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';

import { DOC_LANGS, TEMPLATES_DIR, loadStrings, type DocLang } from './strings';

export { DOC_LANGS, TEMPLATES_DIR, loadStrings, type DocLang };

const LOCALES: Record<DocLang, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };
export const PDF_LANG: Record<DocLang, string> = LOCALES;

const LRI = '\u2066';
const PDI = '\u2069';

/** Names of the document templates (`documents/<name>.hbs`). */
export function documentNames(dir = TEMPLATES_DIR): string[] {
  return readdirSync(join(dir, 'documents'))
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => basename(f, '.hbs'))
    .sort();
}

// Control characters (except tab and newline), bidi embeddings/overrides/isolates and marks, BOM, lone
// surrogates: never meaningful in text typed by staff, and the bidi ones could reorder a printed line.
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A deep copy of JSON data with unsafe characters removed from every string (keys included). */
export function sanitize(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNSAFE, '').replace(/\r\n?/g, '\n');
  if (Array.isArray(value)) return value.map(sanitize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[sanitize(k) as string] = sanitize(v);
    return out;
  }
  return value;
}

type Root = { lang: DocLang };
const rootLang = (options: Handlebars.HelperOptions) => (options.data as { root: Root }).root.lang;

/** A number or text printed as is; objects and lists are template mistakes. */
function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`templates: expected text or a number, got ${JSON.stringify(value)}`);
}

function isDay(value: string) {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/**
 * Compiles every document template in strict mode (a missing field is an error, never an empty cell) with the
 * partials and helpers documents may use (see templates/README.md). The output is the restricted markup the PDF
 * renderer reads.
 */
export class TemplateEngine {
  private readonly hb = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  readonly strings: Record<DocLang, Record<string, string>>;

  constructor(dir = TEMPLATES_DIR) {
    this.strings = { fr: loadStrings('fr'), ar: loadStrings('ar'), en: loadStrings('en') };
    for (const file of readdirSync(join(dir, 'partials')).filter((f) => f.endsWith('.hbs'))) {
      this.hb.registerPartial(basename(file, '.hbs'), readFileSync(join(dir, 'partials', file), 'utf8'));
    }
    const hb = this.hb;
    const str = (lang: DocLang, key: string, params: Record<string, unknown> = {}) => {
      const value = this.strings[lang][key];
      if (value === undefined) throw new Error(`templates: no string "${key}" in ${lang}`);
      return value.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
    };
    const lang = (l: unknown): DocLang => {
      if (l !== 'fr' && l !== 'ar' && l !== 'en') throw new Error(`templates: "${String(l)}" is not fr, ar or en`);
      return l;
    };
    const loc = (l: DocLang, value: unknown) => {
      if (!value || typeof value !== 'object') throw new Error('templates: loc expects { fr, ar, en? }');
      const v = value as Record<string, unknown>;
      const out = v[l] ?? v.fr;
      if (typeof out !== 'string') throw new Error(`templates: no "${l}" text in ${JSON.stringify(value)}`);
      return out;
    };
    const date = (l: DocLang, value: unknown, withTime: boolean) => {
      if (typeof value !== 'string') throw new Error(`templates: ${JSON.stringify(value)} is not a date`);
      const d = isDay(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
      if (Number.isNaN(d.getTime())) throw new Error(`templates: "${value}" is not a date`);
      const fmt = new Intl.DateTimeFormat(LOCALES[l], {
        dateStyle: 'long',
        ...(withTime && !isDay(value) ? { timeStyle: 'short' } : {}),
        timeZone: 'Africa/Casablanca',
      });
      return fmt.format(d);
    };
    const person = (l: DocLang, p: unknown) => {
      const { code, name, detail } = p as { code: string; name: string | null; detail: string | null };
      if (typeof code !== 'string') throw new Error('templates: a person needs a code');
      const id = `${LRI}${code}${PDI}`;
      const who = name ? `${name} (${id})` : id;
      return detail ? `${who}${str(l, 'sep.detail')}${detail}` : who;
    };

    hb.registerHelper('t', (key: string, options: Handlebars.HelperOptions) =>
      str(rootLang(options), key, options.hash as Record<string, unknown>),
    );
    hb.registerHelper('tl', (l: unknown, key: string, options: Handlebars.HelperOptions) =>
      str(lang(l), key, options.hash as Record<string, unknown>),
    );
    /** `{{te "tier" case.tier}}`: the string `tier.T2`. */
    hb.registerHelper('te', (prefix: string, value: unknown, options: Handlebars.HelperOptions) =>
      str(rootLang(options), `${prefix}.${String(value)}`),
    );
    /** The Latin-script language of the official header: English in English documents, French otherwise. */
    hb.registerHelper('latin', (options: Handlebars.HelperOptions) => (rootLang(options) === 'en' ? 'en' : 'fr'));
    hb.registerHelper('loc', (value: unknown, options: Handlebars.HelperOptions) => loc(rootLang(options), value));
    hb.registerHelper('locIn', (l: unknown, value: unknown) => loc(lang(l), value));
    hb.registerHelper('date', (value: unknown, options: Handlebars.HelperOptions) => date(rootLang(options), value, false));
    hb.registerHelper('datetime', (value: unknown, options: Handlebars.HelperOptions) => date(rootLang(options), value, true));
    /** An identifier (reference, code, hash, URL) kept left-to-right inside Arabic text. */
    hb.registerHelper('ltr', (value: unknown) => {
      if (value === null) return '—';
      return `${LRI}${scalar(value)}${PDI}`;
    });
    /** Multi-line text typed by staff: escaped, line breaks kept. */
    hb.registerHelper('lines', (value: unknown) => {
      if (value === null) return '—';
      if (typeof value !== 'string') throw new Error('templates: lines expects text');
      return new hb.SafeString(hb.Utils.escapeExpression(value).replace(/\n/g, '<br/>'));
    });
    hb.registerHelper('person', (p: unknown, options: Handlebars.HelperOptions) =>
      p === null ? str(rootLang(options), 'anonymous') : person(rootLang(options), p),
    );
    hb.registerHelper('people', (list: unknown, options: Handlebars.HelperOptions) => {
      if (!Array.isArray(list)) throw new Error('templates: people expects a list');
      return list.length ? list.map((p) => person(rootLang(options), p)).join(str(rootLang(options), 'sep.list')) : '—';
    });
    hb.registerHelper('yesno', (value: unknown, options: Handlebars.HelperOptions) =>
      str(rootLang(options), value === true ? 'yes' : value === false ? 'no' : 'unknown'),
    );

    /** `{{count c}}`: a published count `{ value, mark }` of the statistics: its mark ("<5", "c") when suppressed. */
    hb.registerHelper('count', (c: unknown) => {
      const { value, mark } = (c ?? {}) as { value?: unknown; mark?: unknown };
      if (typeof mark === 'string' && mark) return mark;
      if (typeof value !== 'number') throw new Error('templates: a count needs a value or a mark');
      return String(value);
    });
    hb.registerHelper('opt', (value: unknown) => (value === null || value === '' ? '—' : scalar(value)));
    hb.registerHelper('inc', (value: unknown) => Number(value) + 1);
    hb.registerHelper('size', (list: unknown) => (Array.isArray(list) ? list.length : 0));
    hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    hb.registerHelper('join', (list: unknown, options: Handlebars.HelperOptions) => {
      if (!Array.isArray(list)) throw new Error('templates: join expects a list');
      const l = rootLang(options);
      return list.length ? list.map((v) => (typeof v === 'string' ? v : loc(l, v))).join(str(l, 'sep.list')) : '—';
    });

    for (const name of documentNames(dir)) {
      this.compiled.set(name, this.hb.compile(readFileSync(join(dir, 'documents', `${name}.hbs`), 'utf8'), { strict: true }));
    }
  }

  has(name: string): boolean {
    return this.compiled.has(name);
  }

  /** Markup for one document in one language. Strings in `data` are sanitised first. */
  render(name: string, lang: DocLang, data: unknown): string {
    const template = this.compiled.get(name);
    if (!template) throw new Error(`templates: unknown document "${name}"`);
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('templates: data must be an object');
    try {
      return template({ ...(sanitize(data) as Record<string, unknown>), lang, dir: lang === 'ar' ? 'rtl' : 'ltr' });
    } catch (e) {
      // strict mode reports a missing field as "x" not defined; a missing parent object shows up as a TypeError
      const err = e instanceof Error ? e : new Error(String(e));
      const missing = /Cannot read properties of (?:undefined|null) \(reading '([^']+)'\)/.exec(err.message);
      const message = missing ? `a field is missing before "${missing[1]}"` : err.message;
      throw new Error(`templates: ${name} (${lang}): ${message}`, { cause: err });
    }
  }
}
