import { Injectable } from '@angular/core';
import { Translation, TranslocoLoader } from '@jsverse/transloco';
import { Lang, isLang, DEFAULT_LANG } from './language';

/**
 * Loads the translation files bundled with the app (one lazy chunk per language, no HTTP request
 * to a separate asset, nothing external).
 */
const FILES: Record<Lang, () => Promise<{ default: Translation }>> = {
  fr: () => import('../../i18n/fr.json'),
  ar: () => import('../../i18n/ar.json'),
  en: () => import('../../i18n/en.json'),
};

@Injectable({ providedIn: 'root' })
export class BundledTranslationLoader implements TranslocoLoader {
  async getTranslation(lang: string): Promise<Translation> {
    const file = FILES[isLang(lang) ? lang : DEFAULT_LANG];
    return (await file()).default;
  }
}
