import { DOCUMENT, Injectable, computed, inject, signal } from '@angular/core';
import { TranslocoService } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';
import { DEFAULT_LANG, LANG_STORAGE_KEY, Lang, dateLocaleOf, dirOf, isLang } from './language';

/**
 * The current language of the interface. Switching it updates Transloco, `<html lang>` and
 * `<html dir>` (Arabic mirrors the whole layout) and remembers the choice in this browser.
 */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly transloco = inject(TranslocoService);
  private readonly document = inject(DOCUMENT);

  private readonly current = signal<Lang>(DEFAULT_LANG);
  readonly lang = this.current.asReadonly();
  readonly dir = computed(() => dirOf(this.current()));
  readonly dateLocale = computed(() => dateLocaleOf(this.current()));

  /** The language stored in this browser, if the person ever chose one. */
  storedLang(): Lang | null {
    try {
      const value = this.document.defaultView?.localStorage.getItem(LANG_STORAGE_KEY);
      return isLang(value) ? value : null;
    } catch {
      return null;
    }
  }

  /** Applies the stored language (or French) before the first render. */
  async init(): Promise<void> {
    await this.use(this.storedLang() ?? DEFAULT_LANG, { persist: false });
  }

  /** Switches the interface language. The translations are loaded before the switch so no key flashes. */
  async use(lang: Lang, options: { persist?: boolean } = {}): Promise<void> {
    await firstValueFrom(this.transloco.load(lang));
    this.transloco.setActiveLang(lang);
    this.current.set(lang);
    const html = this.document.documentElement;
    html.lang = lang;
    html.dir = dirOf(lang);
    if (options.persist ?? true) {
      try {
        this.document.defaultView?.localStorage.setItem(LANG_STORAGE_KEY, lang);
      } catch {
        // Storage can be unavailable (private mode, quota): the switch still works for this visit.
      }
    }
  }
}
