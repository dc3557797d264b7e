// Reading PDFs back with poppler-utils (pdftotext, pdfinfo) for the specs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../../src';

const dir = mkdtempSync(join(tmpdir(), 'sanad-pdf-'));
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function file(pdf: Buffer): string {
  const f = join(dir, `${++n}.pdf`);
  writeFileSync(f, pdf);
  return f;
}

/** The text of a PDF (pdftotext), without the directional marks poppler adds around right-to-left lines. */
export function pdfText(pdf: Buffer, args: string[] = []): string {
  return execFileSync('pdftotext', [...args, file(pdf), '-'], { encoding: 'utf8' }).replace(/[\u200E\u200F\u202A-\u202E]/g, '');
}

export function pdfInfo(pdf: Buffer, args: string[] = []): Record<string, string> {
  const out = execFileSync('pdfinfo', [...args, file(pdf)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const info: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) info[m[1].trim()] = m[2].trim();
  }
  return info;
}

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  page: number;
}

/** Every word with its box (`pdftotext -bbox`), in the order poppler reads them. */
export function pdfWords(pdf: Buffer): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', file(pdf), '-'], { encoding: 'utf8' });
  const words: Word[] = [];
  let page = 0;
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*)<\/word>/.exec(line);
    if (!m) continue;
    // poppler writes the characters of an Arabic word in visual order (right to left reversed): put them back
    const raw = decode(m[4]);
    const text = /[\u0600-\u06FF]/.test(raw) ? [...raw].reverse().join('') : raw;
    words.push({ xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), text, page });
  }
  return words;
}

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(TEMPLATES_DIR, 'fixtures', `${name}.json`), 'utf8')) as T;
}
