import { EnvironmentProviders, importProvidersFrom } from '@angular/core';
import { TranslocoTestingModule } from '@jsverse/transloco';
import ar from '../i18n/ar.json';
import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import { LANGUAGES } from '../app/core/language';
import { User } from '../app/core/user';

/** Transloco with the real translation files, already loaded (French active). */
export function provideTestTransloco(): EnvironmentProviders {
  return importProvidersFrom(
    TranslocoTestingModule.forRoot({
      langs: { fr, ar, en },
      translocoConfig: { availableLangs: [...LANGUAGES], defaultLang: 'fr', reRenderOnLangChange: true },
      preloadLangs: true,
    }),
  );
}

export const TEST_USER: User = {
  id: 'u1',
  email: 'amina@ecole.ma',
  displayName: 'Amina Benali',
  role: 'team_member',
  locale: 'fr',
  school: { id: 's1', name: 'Collège Ibn Khaldoun', nameAr: 'إعدادية ابن خلدون' },
};

/** Lets pending promises, signal effects and renders settle. */
export async function settle(ms = 0): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Signs the test user in (as `role`) by answering the session check the AuthService makes. */
export async function signInAs(
  auth: { ensureSession(): Promise<User | null> },
  controller: { expectOne(url: string): { flush(body: unknown): void } },
  role: User['role'] = 'team_member',
): Promise<void> {
  const session = auth.ensureSession();
  controller.expectOne('/api/auth/me').flush({ user: { ...TEST_USER, role } });
  await session;
}
