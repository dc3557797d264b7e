import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { TranslocoService, provideTransloco } from '@jsverse/transloco';
import { LANG_STORAGE_KEY } from './language';
import { LanguageService } from './language.service';
import { BundledTranslationLoader } from './transloco-loader';

describe('LanguageService', () => {
  let service: LanguageService;
  let transloco: TranslocoService;

  beforeEach(() => {
    localStorage.removeItem(LANG_STORAGE_KEY);
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTransloco({
          config: { availableLangs: ['fr', 'ar', 'en'], defaultLang: 'fr', reRenderOnLangChange: true },
          loader: BundledTranslationLoader,
        }),
      ],
    });
    service = TestBed.inject(LanguageService);
    transloco = TestBed.inject(TranslocoService);
  });

  afterEach(() => {
    localStorage.removeItem(LANG_STORAGE_KEY);
    document.documentElement.lang = 'fr';
    document.documentElement.dir = 'ltr';
  });

  it('starts in French, left to right, when nothing is stored', async () => {
    await service.init();
    expect(service.lang()).toBe('fr');
    expect(service.dir()).toBe('ltr');
    expect(document.documentElement.lang).toBe('fr');
    expect(document.documentElement.dir).toBe('ltr');
    expect(transloco.getActiveLang()).toBe('fr');
    expect(transloco.translate('titles.cases')).toBe('Mes dossiers');
  });

  it('switches to Arabic: html lang="ar", dir="rtl", Arabic strings, ar-MA dates', async () => {
    await service.use('ar');
    expect(service.lang()).toBe('ar');
    expect(service.dir()).toBe('rtl');
    expect(service.dateLocale()).toBe('ar-MA');
    expect(document.documentElement.lang).toBe('ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(getComputedStyle(document.body).direction).toBe('rtl');
    expect(transloco.translate('titles.cases')).toBe('ملفاتي');
  });

  it('switches back from Arabic to English: dir="ltr", en-GB dates', async () => {
    await service.use('ar');
    await service.use('en');
    expect(document.documentElement.dir).toBe('ltr');
    expect(document.documentElement.lang).toBe('en');
    expect(service.dateLocale()).toBe('en-GB');
    expect(transloco.translate('titles.cases')).toBe('My cases');
  });

  it('remembers the choice in localStorage and restores it on the next start', async () => {
    await service.use('ar');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('ar');

    // A new visit: a fresh service reads the stored choice.
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTransloco({
          config: { availableLangs: ['fr', 'ar', 'en'], defaultLang: 'fr' },
          loader: BundledTranslationLoader,
        }),
      ],
    });
    const next = TestBed.inject(LanguageService);
    await next.init();
    expect(next.lang()).toBe('ar');
    expect(document.documentElement.dir).toBe('rtl');
  });

  it('ignores an unknown stored value and falls back to French', async () => {
    localStorage.setItem(LANG_STORAGE_KEY, 'xx');
    expect(service.storedLang()).toBeNull();
    await service.init();
    expect(service.lang()).toBe('fr');
  });

  it('does not store anything when initialising', async () => {
    await service.init();
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBeNull();
  });
});
