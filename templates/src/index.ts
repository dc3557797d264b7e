// @sanad/templates: official documents as Handlebars templates, rendered to PDF (French, Arabic, English,
// or French + Arabic) with pdfkit. See templates/README.md.
export { DOC_LANGS, TEMPLATES_DIR, TemplateEngine, documentNames, loadStrings, sanitize, type DocLang } from './engine';
export { MarkupError, VOCABULARY, parseMarkup, type MarkupDoc } from './pdf/markup';
export { DEFAULT_FONTS, type FontChoice } from './pdf/fonts';
export {
  RENDER_LANGS,
  defaultEngine,
  markupFor,
  renderDocument,
  type PasswordOptions,
  type RenderLang,
  type RenderRequest,
  type RenderResult,
} from './pdf/render';
export { DocumentRenderer, type DocumentRendererOptions, type RenderStats } from './pdf/pool';
export * from './types';
