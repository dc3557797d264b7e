// Bidirectional text on top of pdfkit, adapted from the verified layer in the backend setup notes (Appendix A):
// bidi-js resolves embedding levels per line, brackets are mirrored, runs are reordered with UBA rule L2, and
// RTL runs are drawn word by word (without `features`, so pdfkit's per-word layout cache is used). Additions:
// inline styles (regular/bold/italic, each a face list), breaking of words longer than a line, characters
// without a glyph in any face replaced by "?", and O(n) wrapping on token widths.
import bidiFactory from 'bidi-js';
import * as fontkit from 'fontkit';

const bidi = bidiFactory();
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const INVISIBLE = /[\uFE00-\uFE0F\u200B]/; // variation selectors, zero-width space: never drawn

export type Style = 'regular' | 'bold' | 'italic';
export type Dir = 'rtl' | 'ltr';
export type Align = 'left' | 'right' | 'center';

/** A piece of text with one style, in logical order. `\n` is a forced line break. */
export interface Span {
  text: string;
  style: Style;
}

/** One font file, registered in pdfkit under `name`. */
export interface FontFace {
  name: string;
  file: string;
}

/** For each style, the faces in priority order: a character uses the first face that has a glyph for it. */
export type FaceSet = Record<Style, FontFace[]>;

/** A paragraph flattened to one string with a style per UTF-16 unit. */
export interface Flat {
  text: string;
  styles: Style[];
}

/** A wrapped line: [start, end) in the flat text. */
export interface LineRange {
  start: number;
  end: number;
}

interface Run {
  text: string;
  level: number;
  font: string;
}

interface LoadedFace {
  name: string;
  fk: fontkit.Font;
}

const fontCache = new Map<string, fontkit.Font>();
/** Shaped words per font file, shared by every document of the process (pdfkit's own cache is per document). */
const layoutCaches = new Map<string, Record<string, unknown>>();
const LAYOUT_CACHE_MAX = 40_000;
function layoutCache(file: string): Record<string, unknown> {
  let c = layoutCaches.get(file);
  if (!c || Object.keys(c).length > LAYOUT_CACHE_MAX) {
    c = Object.create(null) as Record<string, unknown>;
    layoutCaches.set(file, c);
  }
  return c;
}
function openFont(file: string): fontkit.Font {
  let f = fontCache.get(file);
  if (!f) {
    f = fontkit.openSync(file) as fontkit.Font;
    fontCache.set(file, f);
  }
  return f;
}

export function flatten(spans: Span[]): Flat {
  let text = '';
  const styles: Style[] = [];
  for (const s of spans) {
    text += s.text;
    for (let i = 0; i < s.text.length; i++) styles.push(s.style);
  }
  return { text, styles };
}

export class BidiText {
  private readonly faces: Record<Style, LoadedFace[]>;
  private readonly faceCache = new Map<string, string | null>();

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    faces: FaceSet,
  ) {
    const registered = new Set<string>();
    const load = (list: FontFace[]) =>
      list.map((f) => {
        const fk = openFont(f.file);
        if (!registered.has(f.name)) {
          // fontkit keeps each glyph with the characters it was first drawn for, and pdfkit writes those as the
          // glyph's text (ToUnicode): with the font shared by every document of the process, a glyph first met
          // for another character made a later document's text read wrongly ("/" extracted as a space). Each
          // document starts with fresh glyph objects; the parsed tables stay shared.
          (fk as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
          // pdfkit accepts a parsed fontkit font: parse each file once per process, not once per document
          doc.registerFont(f.name, fk as unknown as string);
          doc.font(f.name);
          const embedded = (doc as unknown as { _font: { layoutCache?: Record<string, unknown> } })._font;
          if (embedded.layoutCache) embedded.layoutCache = layoutCache(f.file);
          registered.add(f.name);
        }
        return { name: f.name, fk };
      });
    this.faces = { regular: load(faces.regular), bold: load(faces.bold), italic: load(faces.italic) };
  }

  /** The face for one code point in a style, or null if no face has a glyph for it. */
  private face(cp: number, style: Style): string | null {
    const key = `${style}:${cp}`;
    const hit = this.faceCache.get(key);
    if (hit !== undefined) return hit;
    let name: string | null = null;
    for (const f of this.faces[style]) {
      if (f.fk.hasGlyphForCodePoint(cp)) {
        name = f.name;
        break;
      }
    }
    this.faceCache.set(key, name);
    return name;
  }

  /** Replaces characters no face can draw by "?" and drops invisible ones; keeps one style per UTF-16 unit. */
  normalise(flat: Flat): Flat {
    let text = '';
    const styles: Style[] = [];
    let i = 0;
    for (const ch of flat.text) {
      const style = flat.styles[i];
      i += ch.length;
      if (INVISIBLE.test(ch)) continue;
      const cp = ch.codePointAt(0)!;
      const out = ch === '\n' || BIDI_CONTROLS.test(ch) || this.face(cp, style) ? ch : '?';
      text += out;
      for (let k = 0; k < out.length; k++) styles.push(style);
    }
    return { text, styles };
  }

  private fontFor(ch: string, style: Style, prev: string | null): string {
    if (prev && /[\s\u200c\u200d]/.test(ch)) return prev; // keep spaces and joiners in the current run
    return this.face(ch.codePointAt(0)!, style) ?? this.faces[style][0].name;
  }

  /** One line -> runs in visual (left-to-right) order. */
  private runs(flat: Flat, line: LineRange, dir: Dir): Run[] {
    const text = flat.text.slice(line.start, line.end);
    if (!text) return [];
    const emb = bidi.getEmbeddingLevels(text, dir);
    const mirrored = bidi.getMirroredCharactersMap(text, emb.levels);
    const logical: Run[] = [];
    let i = 0;
    let prevFont: string | null = null;
    for (const ch of text) {
      const level = emb.levels[i];
      const style = flat.styles[line.start + i];
      if (BIDI_CONTROLS.test(ch)) {
        i += ch.length;
        continue;
      }
      const c = mirrored.get(i) ?? ch;
      const font = this.fontFor(c, style, prevFont);
      const last = logical[logical.length - 1];
      if (last && last.level === level && last.font === font) last.text += c;
      else logical.push({ text: c, level, font });
      prevFont = font;
      i += ch.length;
    }
    if (!logical.length) return [];
    const levels = logical.map((r) => r.level);
    const max = Math.max(...levels);
    const minOdd = Math.min(...levels.filter((l) => l % 2 === 1), max + 1);
    const visual = [...logical];
    for (let lvl = max; lvl >= minOdd; lvl--) {
      for (let s = 0; s < visual.length;) {
        if (visual[s].level >= lvl) {
          let e = s;
          while (e + 1 < visual.length && visual[e + 1].level >= lvl) e++;
          visual.splice(s, e - s + 1, ...visual.slice(s, e + 1).reverse());
          s = e + 1;
        } else s++;
      }
    }
    return visual;
  }

  // fontkit shapes each word and reverses it iff it contains Arabic-script characters; fix the other two cases.
  private tokens(r: Run): string[] {
    const toks = r.text.split(/( +)/).filter((t) => t.length);
    if (r.level % 2 === 1) toks.reverse();
    return toks.map((t) => ((r.level % 2 === 1) !== ARABIC.test(t) ? [...t].reverse().join('') : t));
  }

  private width(font: string, size: number, text: string): number {
    return this.doc.font(font).fontSize(size).widthOfString(text);
  }

  /** Width of a slice of the flat text, summed over face segments (bidi order does not change widths). */
  private sliceWidth(flat: Flat, start: number, end: number, size: number): number {
    let w = 0;
    let seg = '';
    let segFont: string | null = null;
    let i = start;
    while (i < end) {
      const cp = flat.text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if (!BIDI_CONTROLS.test(ch)) {
        const font = this.fontFor(ch, flat.styles[i], segFont);
        if (font !== segFont && seg) {
          w += this.width(segFont!, size, seg);
          seg = '';
        }
        segFont = font;
        seg += ch;
      }
      i += ch.length;
    }
    if (seg && segFont) w += this.width(segFont, size, seg);
    return w;
  }

  /** Greedy wrapping on logical text; words wider than the line are broken between characters. */
  wrap(flat: Flat, width: number, size: number): LineRange[] {
    const out: LineRange[] = [];
    const text = flat.text;
    let paraStart = 0;
    while (paraStart <= text.length) {
      let paraEnd = text.indexOf('\n', paraStart);
      if (paraEnd < 0) paraEnd = text.length;
      let lineStart = -1;
      let lineEnd = -1;
      let lineWidth = 0;
      let pendingSpace = 0; // width of the whitespace before the next word
      const re = /\s+|\S+/g;
      re.lastIndex = paraStart;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) && m.index < paraEnd) {
        const tokStart = m.index;
        const tokEnd = Math.min(tokStart + m[0].length, paraEnd);
        if (/^\s/.test(m[0])) {
          if (lineStart >= 0) pendingSpace = this.sliceWidth(flat, tokStart, tokEnd, size);
          continue;
        }
        const w = this.sliceWidth(flat, tokStart, tokEnd, size);
        if (lineStart >= 0 && lineWidth + pendingSpace + w <= width) {
          lineEnd = tokEnd;
          lineWidth += pendingSpace + w;
        } else {
          if (lineStart >= 0) out.push({ start: lineStart, end: lineEnd });
          if (w <= width) {
            lineStart = tokStart;
            lineEnd = tokEnd;
            lineWidth = w;
          } else {
            // a word longer than the line: cut it into pieces that fit
            let s = tokStart;
            while (s < tokEnd) {
              let e = s;
              let acc = 0;
              while (e < tokEnd) {
                const cpLen = String.fromCodePoint(text.codePointAt(e)!).length;
                const cw = this.sliceWidth(flat, e, e + cpLen, size);
                if (acc + cw > width && e > s) break;
                acc += cw;
                e += cpLen;
              }
              if (e >= tokEnd) {
                lineStart = s;
                lineEnd = tokEnd;
                lineWidth = acc;
              } else out.push({ start: s, end: e });
              s = e;
            }
          }
        }
        pendingSpace = 0;
      }
      out.push(lineStart >= 0 ? { start: lineStart, end: lineEnd } : { start: paraStart, end: paraStart });
      paraStart = paraEnd + 1;
    }
    return out;
  }

  /** Draws one wrapped line; `y` is the top of the line box. Returns the drawn width. */
  drawLine(flat: Flat, line: LineRange, x: number, y: number, width: number, size: number, dir: Dir, align: Align, color: string): number {
    const runs = this.runs(flat, line, dir);
    const widths = runs.map((r) => this.width(r.font, size, r.text));
    const total = widths.reduce((a, b) => a + b, 0);
    let cx = align === 'right' ? x + width - total : align === 'center' ? x + (width - total) / 2 : x;
    const baseline = y + size; // one alphabetic baseline for every face
    this.doc.fillColor(color);
    runs.forEach((r, k) => {
      this.doc.font(r.font).fontSize(size);
      if (r.level % 2 === 0 && !ARABIC.test(r.text)) {
        if (r.text.trim()) this.doc.text(r.text, cx, baseline, { lineBreak: false, baseline: 'alphabetic' });
        cx += widths[k];
        return;
      }
      for (const tok of this.tokens(r)) {
        if (tok.trim()) this.doc.text(tok, cx, baseline, { lineBreak: false, baseline: 'alphabetic' });
        cx += this.doc.widthOfString(tok);
      }
    });
    return total;
  }

  /** Width of the widest line of a wrapped text. */
  measureLines(flat: Flat, lines: LineRange[], size: number): number {
    return Math.max(0, ...lines.map((l) => this.sliceWidth(flat, l.start, l.end, size)));
  }
}
