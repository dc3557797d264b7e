/**
 * Names as people type them: "Youssef", "youssef", "Yoûssef" and "YOUSSEF" are the same name, and so are
 * "أحمد", "احمد" and "أَحْمَد". Used to search pupils by name and to find other people's names inside free text.
 */

// Arabic short vowels and other marks (tashkeel), superscript alef, tatweel
const ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
const COMBINING = /\p{M}/gu;

/** One character (or a few) folded: no accents or tashkeel, lower case, the usual Arabic letter variants merged. */
function foldChar(ch: string): string {
  return ch
    .normalize('NFD')
    .replace(ARABIC_MARKS, '')
    .replace(COMBINING, '')
    .toLowerCase()
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/ß/g, 'ss');
}

/** The folded form of a text, for comparisons. Spaces and punctuation runs become one space. */
export function foldName(text: string): string {
  return fold(text)
    .folded.replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Does the name contain every word of the query (in any order, each as the start of a word)? */
export function nameMatches(name: string, query: string): boolean {
  const words = foldName(name).split(' ');
  return foldName(query)
    .split(' ')
    .filter(Boolean)
    .every((q) => words.some((w) => w.startsWith(q)));
}

interface Folded {
  folded: string;
  /** for each code unit of `folded`, the index in the original text of the character it comes from */
  origin: number[];
}

function fold(text: string): Folded {
  let folded = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  return { folded, origin };
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/**
 * Replaces every occurrence of each name in `text` (whole words, accents, case and tashkeel ignored) by its code.
 * Longer names first, so that "Karim Alami" becomes "A1" rather than "A1 Alami".
 */
export function replaceNames(text: string, replacements: readonly { name: string; code: string }[]): string {
  let out = text;
  const sorted = replacements
    .map((r) => ({ name: foldName(r.name), code: r.code }))
    .filter((r) => r.name.length >= 2)
    .sort((a, b) => b.name.length - a.name.length);
  for (const { name, code } of sorted) {
    const pattern = new RegExp(
      name
        .split(' ')
        .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^\\p{L}\\p{N}]+'),
      'gu',
    );
    const { folded, origin } = fold(out);
    const spans: [number, number][] = [];
    for (const match of folded.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (isWordChar(folded[start - 1]) || isWordChar(folded[end])) continue;
      const from = origin[start];
      const lastOrigin = origin[end - 1];
      // the whole original character the last folded unit comes from, and any marks that follow it
      let to = lastOrigin + (out.codePointAt(lastOrigin)! > 0xffff ? 2 : 1);
      while (to < out.length && foldChar(out[to]) === '') to++;
      spans.push([from, to]);
    }
    for (const [from, to] of spans.reverse()) out = out.slice(0, from) + code + out.slice(to);
  }
  return out;
}
