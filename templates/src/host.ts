// @sanad/templates/host: what a process that has documents rendered needs, without the PDF stack itself. The layout
// (pdfkit, fontkit, Handlebars: ≈ 30 MB of memory once loaded) runs in the renderer's worker threads only, started at
// the first document; a server importing this entry point instead of the package's main one does not carry it.
export { DOC_LANGS, TEMPLATES_DIR, loadStrings, type DocLang } from './strings';
export { RENDER_LANGS, type RenderLang } from './pdf/langs';
export { DocumentRenderer, type DocumentRendererOptions, type RenderStats } from './pdf/pool';
export type { PasswordOptions, RenderRequest, RenderResult } from './pdf/render';
export * from './types';
