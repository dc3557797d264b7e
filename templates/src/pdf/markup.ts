// The restricted markup that templates produce, parsed with htmlparser2 and checked against a fixed vocabulary:
// an unknown tag, an unknown attribute, a misplaced element or stray text is an error, never silently dropped.
import { Parser } from 'htmlparser2';
import type { Align, Dir, Span, Style } from './bidi-text';

export type DocLangCode = 'fr' | 'ar' | 'en';

export interface Cell {
  spans: Span[];
  align: Align | null;
  header: boolean;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; align: Align | null; spans: Span[] }
  | { kind: 'p'; align: Align | null; size: number | null; muted: boolean; spans: Span[] }
  | { kind: 'list'; ordered: boolean; items: Span[][] }
  | { kind: 'table'; widths: string[]; rows: Cell[][] }
  | { kind: 'kv'; pairs: { key: Span[]; value: Span[] }[] }
  | { kind: 'signatures'; items: { title: string; spans: Span[] }[] }
  | { kind: 'pagebreak' }
  | { kind: 'hr' }
  | { kind: 'img'; src: string; width: number; align: Align | null }
  | { kind: 'chart'; title: string; bars: { label: Span[]; value: number; mark: string | null }[] }
  | { kind: 'qr'; data: string; size: number; align: Align | null }
  | { kind: 'columns'; columns: { lang: DocLangCode; dir: Dir; blocks: Block[] }[] }
  | { kind: 'section'; blocks: Block[] };

export interface MarkupDoc {
  lang: DocLangCode;
  dir: Dir;
  title: string;
  footer: Span[] | null;
  blocks: Block[];
}

export class MarkupError extends Error {
  constructor(message: string) {
    super(`markup: ${message}`);
    this.name = 'MarkupError';
  }
}

/** Tag -> allowed attributes. Anything else is refused. */
export const VOCABULARY: Record<string, readonly string[]> = {
  doc: ['lang', 'dir', 'title'],
  header: [],
  footer: [],
  section: [],
  columns: [],
  column: ['lang'],
  h1: ['align'],
  h2: ['align'],
  h3: ['align'],
  p: ['align', 'size', 'muted'],
  b: [],
  i: [],
  br: [],
  ul: [],
  ol: [],
  li: [],
  table: ['widths'],
  tr: [],
  th: ['align'],
  td: ['align'],
  kv: [],
  k: [],
  v: [],
  signatures: [],
  sign: ['title'],
  pagebreak: [],
  hr: [],
  img: ['src', 'width', 'align'],
  chart: ['title'],
  bar: ['value', 'mark'],
  qr: ['data', 'size', 'align'],
};

/** Elements written self-closed (`<br/>`): the only ones the parser may close implicitly. */
const VOID = new Set(['br', 'pagebreak', 'hr', 'img', 'qr']);

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: (Node | string)[];
}

function parseTree(markup: string): Node {
  const root: Node = { name: '#root', attrs: {}, children: [] };
  const stack: Node[] = [root];
  let error: MarkupError | null = null;
  let explicitCloses = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (error) return;
        const allowed = VOCABULARY[name];
        if (!allowed) {
          error = new MarkupError(`unknown tag <${name}>`);
          return;
        }
        for (const a of Object.keys(attrs)) {
          if (!allowed.includes(a)) error ??= new MarkupError(`unknown attribute "${a}" on <${name}>`);
        }
        const node: Node = { name, attrs, children: [] };
        stack[stack.length - 1].children.push(node);
        stack.push(node);
      },
      onclosetag(name, implied) {
        if (error) return;
        if (implied && !VOID.has(name)) error = new MarkupError(`<${name}> is not closed`);
        if (!implied) explicitCloses++;
        if (stack.length > 1 && stack[stack.length - 1].name === name) stack.pop();
      },
      ontext(text) {
        if (error) return;
        stack[stack.length - 1].children.push(text);
      },
      oncomment() {
        error ??= new MarkupError('comments are not allowed');
      },
      onprocessinginstruction(name) {
        error ??= new MarkupError(`unexpected <${name}>`);
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(markup);
  parser.end();
  const failed = error as MarkupError | null; // assigned in the callbacks
  if (failed) throw failed;
  // a closing tag that matches nothing is skipped by the parser: count them
  if ((markup.match(/<\/[^>]*>/g) ?? []).length !== explicitCloses) throw new MarkupError('a closing tag does not match an open one');
  return root;
}

const ALIGNS = ['left', 'right', 'center'] as const;
function align(node: Node): Align | null {
  const a = node.attrs.align;
  if (a === undefined) return null;
  if (!(ALIGNS as readonly string[]).includes(a)) throw new MarkupError(`align="${a}" on <${node.name}> (left, right or center)`);
  return a as Align;
}

/** `mark` on a bar: a short text printed instead of its value (a suppressed count, "<5" or "c"); the bar is then not drawn. */
function mark(node: Node): string | null {
  const raw = node.attrs.mark;
  if (raw === undefined) return null;
  if (!/^\S{1,4}$/.test(raw)) throw new MarkupError(`mark="${raw}" on <${node.name}> must be 1 to 4 characters`);
  return raw;
}

function number(node: Node, attr: string, min: number, max: number): number {
  const raw = node.attrs[attr];
  const n = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new MarkupError(`${attr}="${raw ?? ''}" on <${node.name}> must be a number from ${min} to ${max}`);
  }
  return n;
}

function elements(node: Node, allowed: readonly string[]): Node[] {
  const out: Node[] = [];
  for (const c of node.children) {
    if (typeof c === 'string') {
      if (c.trim()) throw new MarkupError(`text "${c.trim().slice(0, 40)}" is not allowed directly inside <${node.name}>`);
      continue;
    }
    if (!allowed.includes(c.name)) throw new MarkupError(`<${c.name}> is not allowed inside <${node.name}>`);
    out.push(c);
  }
  return out;
}

/** Inline content: text, <b>, <i>, <br>. Whitespace collapses as in HTML; the result is trimmed. */
function inline(node: Node): Span[] {
  const spans: Span[] = [];
  const walk = (n: Node, style: Style) => {
    for (const c of n.children) {
      if (typeof c === 'string') spans.push({ text: c.replace(/[ \t\r\n\f]+/g, ' '), style });
      else if (c.name === 'b') walk(c, 'bold');
      else if (c.name === 'i') walk(c, style === 'bold' ? 'bold' : 'italic');
      else if (c.name === 'br') spans.push({ text: '\n', style });
      else throw new MarkupError(`<${c.name}> is not allowed inside <${n.name}>`);
    }
  };
  walk(node, 'regular');
  // collapse spaces across span boundaries and around line breaks, then trim
  let prevSpace = true;
  for (const s of spans) {
    let t = '';
    for (const ch of s.text) {
      if (ch === ' ') {
        if (!prevSpace) t += ch;
        prevSpace = true;
      } else if (ch === '\n') {
        t = t.replace(/ $/, '') + ch;
        prevSpace = true;
      } else {
        t += ch;
        prevSpace = false;
      }
    }
    s.text = t;
  }
  const last = spans[spans.length - 1];
  if (last) last.text = last.text.replace(/ $/, '');
  for (let k = spans.length - 2; k >= 0 && spans[k + 1].text === ''; k--) spans[k].text = spans[k].text.replace(/ $/, '');
  return spans.filter((s) => s.text.length);
}

const BLOCKS = [
  'header',
  'section',
  'columns',
  'h1',
  'h2',
  'h3',
  'p',
  'ul',
  'ol',
  'table',
  'kv',
  'signatures',
  'pagebreak',
  'hr',
  'img',
  'chart',
  'qr',
];
const LANGS = ['fr', 'ar', 'en'] as const;

function block(n: Node): Block {
  switch (n.name) {
    case 'header':
    case 'section':
      return { kind: 'section', blocks: elements(n, BLOCKS).map(block) };
    case 'columns':
      return {
        kind: 'columns',
        columns: elements(n, ['column']).map((c) => {
          const lang = c.attrs.lang;
          if (!lang || !(LANGS as readonly string[]).includes(lang)) throw new MarkupError(`<column> needs lang="fr|ar|en"`);
          return { lang: lang as DocLangCode, dir: lang === 'ar' ? 'rtl' : 'ltr', blocks: elements(c, BLOCKS).map(block) };
        }),
      };
    case 'h1':
    case 'h2':
    case 'h3':
      return { kind: 'heading', level: Number(n.name[1]) as 1 | 2 | 3, align: align(n), spans: inline(n) };
    case 'p':
      if (n.attrs.muted !== undefined && n.attrs.muted !== 'muted' && n.attrs.muted !== '')
        throw new MarkupError('muted on <p> takes no value');
      return {
        kind: 'p',
        align: align(n),
        size: n.attrs.size === undefined ? null : number(n, 'size', 6, 24),
        muted: n.attrs.muted !== undefined,
        spans: inline(n),
      };
    case 'ul':
    case 'ol':
      return { kind: 'list', ordered: n.name === 'ol', items: elements(n, ['li']).map(inline) };
    case 'table': {
      const widths = (n.attrs.widths ?? '').split(',').map((w) => w.trim());
      const rows = elements(n, ['tr']).map((tr) =>
        elements(tr, ['th', 'td']).map((c) => ({ spans: inline(c), align: align(c), header: c.name === 'th' })),
      );
      if (!n.attrs.widths) throw new MarkupError('<table> needs widths, e.g. widths="160,*"');
      for (const w of widths) if (w !== '*' && !(Number(w) > 0)) throw new MarkupError(`bad width "${w}" in <table widths>`);
      for (const r of rows)
        if (r.length !== widths.length) throw new MarkupError(`a <tr> has ${r.length} cells, the table has ${widths.length} widths`);
      return { kind: 'table', widths, rows };
    }
    case 'kv': {
      const kids = elements(n, ['k', 'v']);
      const pairs: { key: Span[]; value: Span[] }[] = [];
      for (let i = 0; i < kids.length; i += 2) {
        if (kids[i].name !== 'k' || kids[i + 1]?.name !== 'v') throw new MarkupError('<kv> holds pairs <k>…</k><v>…</v>');
        pairs.push({ key: inline(kids[i]), value: inline(kids[i + 1]) });
      }
      return { kind: 'kv', pairs };
    }
    case 'signatures':
      return { kind: 'signatures', items: elements(n, ['sign']).map((s) => ({ title: s.attrs.title ?? '', spans: inline(s) })) };
    case 'pagebreak':
    case 'hr':
      elements(n, []);
      return { kind: n.name };
    case 'img': {
      const src = n.attrs.src ?? '';
      if (!/^[a-z0-9-]+\.(png|jpe?g)$/.test(src)) throw new MarkupError(`img src="${src}" must name a file of templates/assets`);
      elements(n, []);
      return { kind: 'img', src, width: number(n, 'width', 8, 500), align: align(n) };
    }
    case 'qr': {
      const data = n.attrs.data ?? '';
      if (!/^https?:\/\/\S{1,290}$/.test(data)) throw new MarkupError('<qr data> must be an http(s) link of at most 300 characters');
      elements(n, []);
      return { kind: 'qr', data, size: number(n, 'size', 40, 400), align: align(n) };
    }
    case 'chart':
      return {
        kind: 'chart',
        title: n.attrs.title ?? '',
        bars: elements(n, ['bar']).map((b) => ({ label: inline(b), value: number(b, 'value', 0, 1e9), mark: mark(b) })),
      };
    default:
      throw new MarkupError(`<${n.name}> is not a block`);
  }
}

/** Parses the output of a template into a checked document. */
export function parseMarkup(markup: string): MarkupDoc {
  const root = parseTree(markup);
  const [doc] = elements(root, ['doc']);
  if (!doc || elements(root, ['doc']).length !== 1) throw new MarkupError('the output must be exactly one <doc>');
  const lang = doc.attrs.lang;
  if (!lang || !(LANGS as readonly string[]).includes(lang)) throw new MarkupError(`<doc lang="${lang ?? ''}"> must be fr, ar or en`);
  const dir = doc.attrs.dir ?? (lang === 'ar' ? 'rtl' : 'ltr');
  if (dir !== 'rtl' && dir !== 'ltr') throw new MarkupError(`<doc dir="${dir}">`);
  let footer: Span[] | null = null;
  const blocks: Block[] = [];
  for (const n of elements(doc, [...BLOCKS, 'footer'])) {
    if (n.name === 'footer') {
      if (footer) throw new MarkupError('only one <footer>');
      footer = inline(n);
    } else blocks.push(block(n));
  }
  return { lang: lang as DocLangCode, dir, title: doc.attrs.title ?? '', footer, blocks };
}
