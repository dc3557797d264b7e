import type { DocLang } from '../strings';

/** One language, or French and Arabic stacked (the French version, then the Arabic one, in one file). */
export type RenderLang = DocLang | 'fr+ar';
export const RENDER_LANGS: readonly RenderLang[] = ['fr', 'ar', 'en', 'fr+ar'];
