// Template -> markup -> PDF, in the calling thread. `renderDocument` is synchronous (tests, CLI, the worker);
// the API uses `DocumentRenderer` (pool.ts), which runs this in worker threads.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { BidiText } from './bidi-text';
import { DEFAULT_FONTS, faceSet, type FontChoice } from './fonts';
import { Layout, PAGE } from './layout';
import { parseMarkup, type MarkupDoc } from './markup';
import { PDF_LANG, TEMPLATES_DIR, TemplateEngine, type DocLang } from '../engine';
import { RENDER_LANGS, type RenderLang } from './langs';

export { RENDER_LANGS, type RenderLang };

export interface PasswordOptions {
  /** Needed to open the file. */
  user: string;
  /** Needed to change permissions; a random one is used when absent. */
  owner?: string;
}

export interface RenderRequest {
  /** A template of templates/documents (e.g. `report-form`, `case-file`). */
  template: string;
  lang: RenderLang;
  data: unknown;
  /** For exports that leave the school: AES-256, printing allowed, copying and editing not. */
  password?: string | PasswordOptions;
  fonts?: FontChoice;
  /** PDF CreationDate (ISO); now by default. */
  creationDate?: string;
}

export interface RenderResult {
  pdf: Buffer;
  pages: number;
}

let shared: TemplateEngine | null = null;
/** The process-wide engine (templates compiled once). */
export function defaultEngine(): TemplateEngine {
  shared ??= new TemplateEngine();
  return shared;
}

/** The markup documents of a request, checked: one per language. */
export function markupFor(req: RenderRequest, engine = defaultEngine()): MarkupDoc[] {
  const langs: DocLang[] = req.lang === 'fr+ar' ? ['fr', 'ar'] : [req.lang];
  for (const l of langs) if (l !== 'fr' && l !== 'ar' && l !== 'en') throw new Error(`render: unknown language "${String(l)}"`);
  return langs.map((l) => parseMarkup(engine.render(req.template, l, req.data)));
}

/** Lays out the request into a pdfkit document; the caller reads the bytes (stream or `read()`) after `end()`. */
export function layoutDocument(req: RenderRequest, engine = defaultEngine()): { doc: InstanceType<typeof PDFDocument>; pages: number } {
  const docs = markupFor(req, engine);
  const title = docs
    .map((d) => d.title)
    .filter(Boolean)
    .join(' / ');
  const password = typeof req.password === 'string' ? { user: req.password } : req.password;
  if (password && !password.user) throw new Error('render: empty password');
  const primary: DocLang = req.lang === 'fr+ar' ? 'fr' : req.lang;
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: 10,
    autoFirstPage: true,
    bufferPages: true,
    compress: true,
    lang: PDF_LANG[primary],
    displayTitle: true,
    pdfVersion: password ? '1.7ext3' : '1.7',
    info: {
      Title: title,
      Author: 'Sanad',
      Creator: 'Sanad',
      Producer: 'Sanad (pdfkit)',
      CreationDate: req.creationDate ? new Date(req.creationDate) : new Date(),
    },
    ...(password
      ? {
          userPassword: password.user,
          ownerPassword: password.owner ?? randomBytes(18).toString('base64'),
          permissions: {
            printing: 'highResolution',
            modifying: false,
            copying: false,
            annotating: false,
            fillingForms: false,
            documentAssembly: false,
          },
        }
      : {}),
  });
  const text = new BidiText(doc, faceSet(req.fonts ?? DEFAULT_FONTS));
  const layout = new Layout(doc, text, join(TEMPLATES_DIR, 'assets'));
  for (const d of docs) layout.add(d);
  const pages = layout.finish();
  return { doc, pages };
}

/** Renders a document synchronously in this thread. */
export function renderDocument(req: RenderRequest, engine = defaultEngine()): RenderResult {
  const { doc, pages } = layoutDocument(req, engine);
  const chunks: Buffer[] = [];
  doc.end(); // pdfkit pushes every byte synchronously; nobody listens yet, so they wait in the stream's buffer
  let chunk: unknown;
  while ((chunk = doc.read()) !== null) chunks.push(chunk as Buffer);
  return { pdf: Buffer.concat(chunks), pages };
}
