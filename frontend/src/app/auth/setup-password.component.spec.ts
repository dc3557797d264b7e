import { Location } from '@angular/common';
import { SpyLocation, provideLocationMocks } from '@angular/common/testing';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { TEST_USER, provideTestTransloco, settle } from '../../testing/testing';
import { apiInterceptor } from '../core/api.interceptor';
import { AuthService } from '../core/auth.service';
import { LanguageService } from '../core/language.service';
import { SetupPasswordComponent } from './setup-password.component';

@Component({ template: '<h1>Sign in</h1>', changeDetection: ChangeDetectionStrategy.OnPush })
class SignInStubComponent {}

const TOKEN = 'Zm9vYmFyYmF6cXV4LXRva2VuLXZhbHVlLTEyMzQ1Ng';
const GOOD = 'trois chats sur un toit';

describe('SetupPasswordComponent', () => {
  let harness: RouterTestingHarness;
  let el: HTMLElement;
  let controller: HttpTestingController;
  let location: SpyLocation;

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
        provideRouter(
          [
            { path: 'setup-password', component: SetupPasswordComponent },
            { path: 'sign-in', component: SignInStubComponent },
          ],
          withComponentInputBinding(),
        ),
        provideLocationMocks(),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
    location = TestBed.inject(Location) as SpyLocation;
  });

  afterEach(() => {
    controller.verify();
    el?.remove();
    document.documentElement.lang = 'fr';
    document.documentElement.dir = 'ltr';
  });

  async function open(url: string): Promise<void> {
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    el = harness.routeNativeElement!;
    document.body.appendChild(harness.fixture.nativeElement as HTMLElement);
    await settle();
    await harness.fixture.whenStable();
  }

  async function type(testId: string, value: string): Promise<void> {
    const input = q<HTMLInputElement>(testId)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await harness.fixture.whenStable();
  }

  async function submit(newPassword: string, confirm = newPassword): Promise<void> {
    await type('setup-new', newPassword);
    await type('setup-confirm', confirm);
    q<HTMLButtonElement>('setup-submit')!.click();
    await settle();
    await harness.fixture.whenStable();
  }

  async function answer(body: Parameters<TestRequest['flush']>[0], init?: { status: number; statusText: string }): Promise<unknown> {
    const req = controller.expectOne('/api/auth/setup-password');
    expect(req.request.method).toBe('POST');
    const sent: unknown = req.request.body;
    req.flush(body, init);
    await settle();
    await harness.fixture.whenStable();
    return sent;
  }

  const badRequest = { status: 400, statusText: 'Bad Request' };

  it('reads the token, then removes it from the address bar and the history entry (replaceState)', async () => {
    await open(`/setup-password?token=${TOKEN}`);
    expect(q('setup-password-page')).not.toBeNull();
    expect(el.querySelector('h1')?.textContent).toContain('Choisissez votre mot de passe');
    expect(TestBed.inject(Router).url).toBe('/setup-password');
    expect(location.path()).toBe('/setup-password');
    expect(location.urlChanges.at(-1)).toBe('replace: /setup-password');
    expect(location.urlChanges.filter((u) => !u.startsWith('replace:') && u.includes(TOKEN)).length).toBeLessThanOrEqual(1);
    expect(location.path()).not.toContain(TOKEN);
  });

  it('labels both fields, with the rules as a hint', async () => {
    await open(`/setup-password?token=${TOKEN}`);
    expect(el.querySelector('label[for="new-password"]')?.textContent?.trim()).toBe('Nouveau mot de passe');
    expect(el.querySelector('label[for="confirm-password"]')?.textContent?.trim()).toBe('Confirmez le mot de passe');
    const input = q<HTMLInputElement>('setup-new')!;
    expect(input.type).toBe('password');
    expect(input.autocomplete).toBe('new-password');
    expect(input.getAttribute('aria-describedby')).toBe('new-password-hint');
    expect(el.querySelector('#new-password-hint')?.textContent).toContain('Au moins 12 caractères');
  });

  it('checks both fields before sending: required, at least 12 characters, the same twice', async () => {
    await open(`/setup-password?token=${TOKEN}`);
    await submit('', '');
    let summary = q('error-summary')!;
    expect(document.activeElement).toBe(summary);
    expect(Array.from(summary.querySelectorAll('a')).map((a) => a.getAttribute('href'))).toEqual(['#new-password', '#confirm-password']);
    expect(summary.textContent).toContain('Saisissez un mot de passe');
    expect(summary.textContent).toContain('Saisissez à nouveau le mot de passe pour le confirmer');

    await submit('court', 'court');
    expect(el.querySelector('#new-password-error')?.textContent).toContain('au moins 12 caractères');
    expect(q('setup-new')!.getAttribute('aria-invalid')).toBe('true');
    expect(q('setup-new')!.getAttribute('aria-describedby')).toBe('new-password-hint new-password-error');

    await submit(GOOD, `${GOOD}!`);
    summary = q('error-summary')!;
    expect(summary.querySelectorAll('a').length).toBe(1);
    expect(el.querySelector('#confirm-password-error')?.textContent).toContain('Les deux mots de passe sont différents');
    expect(q('setup-confirm')!.getAttribute('aria-invalid')).toBe('true');
    controller.expectNone('/api/auth/setup-password');
  });

  it('sends the token and the password, then confirms and links to sign-in (the passwords are cleared)', async () => {
    await open(`/setup-password?token=${TOKEN}`);
    const auth = TestBed.inject(AuthService);
    const session = auth.ensureSession();
    controller.expectOne('/api/auth/me').flush({ user: TEST_USER });
    await session;

    await submit(GOOD);
    const sent = await answer(null, { status: 204, statusText: 'No Content' });
    expect(sent).toEqual({ token: TOKEN, newPassword: GOOD });

    const done = q('setup-done')!;
    expect(done.textContent).toContain('Votre mot de passe est enregistré');
    expect(document.activeElement).toBe(done.querySelector('h1'));
    expect(q('setup-sign-in')?.getAttribute('href')).toBe('/sign-in');
    expect(q('setup-new')).toBeNull();
    expect(q('error-summary')).toBeNull();
    // Every session of the account was ended by the API: the app asks again who is signed in.
    expect(auth.currentUser()).toBeNull();
  });

  it('accepts a password of 12 characters counted as the API counts them (Arabic letters)', async () => {
    await open(`/setup-password?token=${TOKEN}`);
    await submit('كلمة مرور طويلة');
    const sent = await answer(null, { status: 204, statusText: 'No Content' });
    expect(sent).toEqual({ token: TOKEN, newPassword: 'كلمة مرور طويلة' });
  });

  it('explains an unknown, used, expired or replaced link (400 PASSWORD_LINK_INVALID) and says to ask for a new one', async () => {
    await open(`/setup-password?token=${TOKEN}`);
    await submit(GOOD);
    await answer({ statusCode: 400, code: 'PASSWORD_LINK_INVALID', message: 'Ce lien n’est plus valable.' }, badRequest);
    const invalid = q('setup-invalid-link')!;
    expect(invalid.getAttribute('data-reason')).toBe('invalid');
    expect(invalid.textContent).toContain('déjà servi, a expiré');
    expect(invalid.textContent).toContain("demandez-le à l'administrateur");
    expect(document.activeElement).toBe(invalid.querySelector('h1'));
    expect(q('setup-new')).toBeNull();
    expect(q('setup-sign-in')?.getAttribute('href')).toBe('/sign-in');
  });

  it('treats a malformed token (400 VALIDATION_FAILED on token) as an invalid link', async () => {
    await open('/setup-password?token=abc');
    await submit(GOOD);
    await answer(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Données invalides',
        details: [{ field: 'token', code: 'auth.link.invalid', message: 'Ce lien est incomplet ou invalide.' }],
      },
      badRequest,
    );
    expect(q('setup-invalid-link')?.getAttribute('data-reason')).toBe('invalid');
  });

  for (const [code, expected] of [
    ['password.tooShort', 'au moins 12 caractères'],
    ['password.tooLong', 'ne doit pas dépasser 256 caractères'],
    ['password.common', 'trop courant'],
    ['password.containsEmail', 'ni votre adresse e-mail ni votre nom'],
  ] as const) {
    it(`shows the API's ${code} on the new password field`, async () => {
      await open(`/setup-password?token=${TOKEN}`);
      await submit(GOOD);
      await answer(
        {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'Données invalides',
          details: [{ field: 'newPassword', code, message: 'message du serveur' }],
        },
        badRequest,
      );
      expect(el.querySelector('#new-password-error')?.textContent).toContain(expected);
      const summary = q('error-summary')!;
      expect(summary.querySelector('a')?.getAttribute('href')).toBe('#new-password');
      expect(summary.textContent).toContain(expected);
      expect(q('setup-invalid-link')).toBeNull();
    });
  }

  it('words the rule in the current language (switching after the error updates it)', async () => {
    await open(`/setup-password?token=${TOKEN}`);
    await submit(GOOD);
    await answer(
      { statusCode: 400, code: 'VALIDATION_FAILED', details: [{ field: 'newPassword', code: 'password.common', message: 'x' }] },
      badRequest,
    );
    await TestBed.inject(LanguageService).use('ar');
    await harness.fixture.whenStable();
    expect(el.querySelector('#new-password-error')?.textContent).toContain('كلمة المرور هذه شائعة جدًا');
  });

  it("shows the API's message for a rule it does not know", async () => {
    await open(`/setup-password?token=${TOKEN}`);
    await submit(GOOD);
    await answer(
      { statusCode: 400, code: 'VALIDATION_FAILED', details: [{ field: 'newPassword', code: 'password.new', message: 'Règle nouvelle' }] },
      badRequest,
    );
    expect(el.querySelector('#new-password-error')?.textContent).toContain('Règle nouvelle');
  });

  it('on too many attempts (429) says to wait, keeping the form', async () => {
    await open(`/setup-password?token=${TOKEN}`);
    await submit(GOOD);
    await answer({ statusCode: 429, code: 'AUTH_TOO_MANY_ATTEMPTS', message: null }, { status: 429, statusText: 'Too Many Requests' });
    expect(q('error-summary')?.textContent).toContain('Trop de tentatives');
    expect(q('setup-new')).not.toBeNull();

    // The token is still in memory: a second try sends it again.
    await submit(GOOD);
    expect(await answer(null, { status: 204, statusText: 'No Content' })).toEqual({ token: TOKEN, newPassword: GOOD });
  });

  it('says when the service cannot be reached', async () => {
    await open(`/setup-password?token=${TOKEN}`);
    await submit(GOOD);
    controller.expectOne('/api/auth/setup-password').error(new ProgressEvent('error'));
    await settle();
    await harness.fixture.whenStable();
    expect(q('error-summary')?.textContent).toContain('Le service ne répond pas');
  });

  it('without a token (e.g. the page was reloaded) explains how to open the link again, without calling the API', async () => {
    await open('/setup-password');
    const invalid = q('setup-invalid-link')!;
    expect(invalid.getAttribute('data-reason')).toBe('missing');
    expect(invalid.textContent).toContain('ouvrez à nouveau le lien reçu');
    expect(q('setup-new')).toBeNull();
    expect(location.urlChanges.some((u) => u.startsWith('replace:'))).toBeFalse();
  });

  it('reads well in Arabic (right to left)', async () => {
    await TestBed.inject(LanguageService).use('ar');
    await open(`/setup-password?token=${TOKEN}`);
    expect(document.documentElement.dir).toBe('rtl');
    expect(el.querySelector('h1')?.textContent).toContain('اختر كلمة المرور');
  });
});
