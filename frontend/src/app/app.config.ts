import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  DOCUMENT,
  inject,
  isDevMode,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { TitleStrategy, provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';
import { provideTransloco } from '@jsverse/transloco';
import { routes } from './app.routes';
import { CasePagePrefetch } from './cases/case-detail/case-prefetch';
import { apiInterceptor } from './core/api.interceptor';
import { AuthService } from './core/auth.service';
import { DEFAULT_LANG, LANGUAGES } from './core/language';
import { LanguageService } from './core/language.service';
import { isPublicPath } from './core/public-paths';
import { TranslatedTitleStrategy } from './core/title.strategy';
import { BundledTranslationLoader } from './core/transloco-loader';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding(), withInMemoryScrolling({ scrollPositionRestoration: 'top' })),
    { provide: TitleStrategy, useExisting: TranslatedTitleStrategy },
    provideHttpClient(withFetch(), withInterceptors([apiInterceptor])),
    provideTransloco({
      config: {
        availableLangs: [...LANGUAGES],
        defaultLang: DEFAULT_LANG,
        fallbackLang: DEFAULT_LANG,
        missingHandler: { useFallbackTranslation: true, logMissingKey: isDevMode() },
        reRenderOnLangChange: true,
        prodMode: !isDevMode(),
      },
      loader: BundledTranslationLoader,
    }),
    provideAppInitializer(() => {
      const path = inject(DOCUMENT).location.pathname;
      const language = inject(LanguageService);
      // The public pages (reporting channel) start no staff request: no session check, no prefetch.
      if (isPublicPath(path)) return language.init();
      // Ask who is signed in while the translations load: the guard and the header wait for that same answer.
      void inject(AuthService).ensureSession();
      // Opening a case page directly: its data and code are fetched now, alongside (case-prefetch.ts).
      inject(CasePagePrefetch).start(path, language.storedLang() ?? DEFAULT_LANG);
      return language.init();
    }),
    // Production builds only: caches the app shell (never /api, see ngsw-config.json) so a weak connection still
    // opens the app; registered once the app is stable so it does not compete with the first page.
    provideServiceWorker('ngsw-worker.js', {
      enabled: !isDevMode(),
      registrationStrategy: 'registerWhenStable:30000',
    }),
  ],
};
