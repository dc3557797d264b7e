import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { TEST_USER, provideTestTransloco, settle } from '../../testing/testing';
import { apiInterceptor } from '../core/api.interceptor';
import { AuthService } from '../core/auth.service';
import { LanguageService } from '../core/language.service';
import { MfaStatus, User } from '../core/user';
import { MfaSetup } from './account-api';
import { recoveryCodesText } from './recovery-codes';
import { SecurityComponent } from './security.component';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankComponent {}

const SETUP: MfaSetup = {
  otpauthUri: 'otpauth://totp/Sanad:amina%40ecole.ma?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=Sanad',
  qrCode: 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=',
  secret: 'JBSWY3DPEHPK3PXPJBSWY3DP',
};
const CODES = Array.from({ length: 10 }, (_, i) => `code-${String(i).padStart(4, '0')}`);

describe('SecurityComponent', () => {
  let fixture: ComponentFixture<SecurityComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;
  let auth: AuthService;

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);

  async function render(mfa: MfaStatus | undefined, returnUrl?: string): Promise<void> {
    const session = auth.ensureSession();
    const user: User = { ...TEST_USER, role: 'coordinator', ...(mfa ? { mfa } : {}) };
    controller.expectOne('/api/auth/me').flush({ user });
    await session;
    fixture = TestBed.createComponent(SecurityComponent);
    if (returnUrl) fixture.componentRef.setInput('returnUrl', returnUrl);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
  }

  async function type(testId: string, value: string): Promise<void> {
    const input = q<HTMLInputElement>(testId)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function click(testId: string): Promise<void> {
    q<HTMLButtonElement>(testId)!.click();
    await settle();
    await fixture.whenStable();
  }

  async function flush(
    url: string,
    body: Parameters<TestRequest['flush']>[0],
    init?: { status: number; statusText: string },
  ): Promise<unknown> {
    const req = controller.expectOne(url);
    expect(req.request.method).toBe('POST');
    const sent: unknown = req.request.body;
    req.flush(body, init);
    await settle();
    await fixture.whenStable();
    return sent;
  }

  /** From "Activer" to the recovery codes. */
  async function enrol(returnUrl?: string): Promise<void> {
    await render({ enabled: false, required: true }, returnUrl);
    await click('mfa-setup-start');
    await flush('/api/auth/2fa/setup', SETUP);
    await type('mfa-confirm-code', '123456');
    await click('mfa-confirm-submit');
    await flush('/api/auth/2fa/confirm', { recoveryCodes: CODES });
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
        provideRouter([{ path: '**', component: BlankComponent }]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
  });

  afterEach(() => {
    controller.verify();
    el?.remove();
  });

  describe('two-factor authentication', () => {
    it('explains it in plain words and, when the role requires it, says so; no way to turn it off', async () => {
      await render({ enabled: false, required: true });
      expect(q('security-page')).not.toBeNull();
      expect(el.querySelector('h1')?.textContent).toContain('Sécurité du compte');
      expect(q('mfa-status')?.textContent).toContain('désactivée');
      expect(q('mfa-required-notice')?.textContent).toContain('Votre rôle exige la vérification en deux étapes');
      expect(el.textContent).toContain('un code à 6 chiffres affiché par une application sur votre téléphone');
      expect(el.textContent).toContain("Toute application d'authentification");
      expect(q('mfa-disable-form')).toBeNull();
    });

    it('treats a user without mfa (older API) as not set up and not required', async () => {
      await render(undefined);
      expect(q('mfa-status')?.textContent).toContain('désactivée');
      expect(q('mfa-required-notice')).toBeNull();
      expect(q('mfa-setup-start')).not.toBeNull();
    });

    it('setup: shows the QR code with an alt text and the key in groups of 4, left to right, and focuses the setup', async () => {
      await render({ enabled: false, required: true });
      await click('mfa-setup-start');
      expect(await flush('/api/auth/2fa/setup', SETUP)).toEqual({});
      const img = q<HTMLImageElement>('mfa-qr')!;
      expect(img.getAttribute('src')).toBe(SETUP.qrCode);
      expect(img.alt).toBe("QR code à scanner avec votre application d'authentification pour ajouter votre compte Sanad");
      const secret = q('mfa-secret')!;
      expect(secret.tagName).toBe('BDI');
      expect(secret.getAttribute('dir')).toBe('ltr');
      expect(secret.textContent?.trim()).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP');
      expect(document.activeElement?.textContent).toContain('Configurer votre application');
      const code = q<HTMLInputElement>('mfa-confirm-code')!;
      expect(code.getAttribute('inputmode')).toBe('numeric');
      expect(code.getAttribute('autocomplete')).toBe('one-time-code');
      expect(el.querySelector('label[for="confirm-code"]')?.textContent?.trim()).toBe('Code de vérification');
    });

    it('setup: never shows a QR code that is not an inline image', async () => {
      await render({ enabled: false, required: false });
      await click('mfa-setup-start');
      await flush('/api/auth/2fa/setup', { ...SETUP, qrCode: 'https://evil.example/qr.svg' });
      expect(q('mfa-qr')).toBeNull();
      expect(q('mfa-secret')?.textContent?.trim()).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP');
    });

    it('setup: copies the key and says so', async () => {
      const write = spyOn(navigator.clipboard, 'writeText').and.resolveTo();
      await render({ enabled: false, required: false });
      await click('mfa-setup-start');
      await flush('/api/auth/2fa/setup', SETUP);
      await click('mfa-secret-copy');
      await settle();
      await fixture.whenStable();
      expect(write).toHaveBeenCalledWith(SETUP.secret);
      expect(q('security-announcer')?.textContent).toContain('La clé a été copiée.');
    });

    it('confirm: checks the code before sending, then shows a wrong code (401) on the field', async () => {
      await render({ enabled: false, required: true });
      await click('mfa-setup-start');
      await flush('/api/auth/2fa/setup', SETUP);
      await click('mfa-confirm-submit');
      expect(q('error-summary')?.textContent).toContain('Saisissez le code de vérification');
      controller.expectNone('/api/auth/2fa/confirm');

      await type('mfa-confirm-code', '654321');
      await click('mfa-confirm-submit');
      await flush(
        '/api/auth/2fa/confirm',
        { statusCode: 401, code: 'MFA_INVALID_CODE', message: 'Code incorrect. Vérifiez l’heure de votre téléphone' },
        { status: 401, statusText: 'Unauthorized' },
      );
      expect(q('error-summary')?.querySelector('a[href="#confirm-code"]')?.textContent).toContain('Code incorrect');
      expect(el.querySelector('#confirm-code-error')?.textContent).toContain('Code incorrect');
      expect(q('mfa-confirm-code')?.getAttribute('aria-invalid')).toBe('true');
      expect(q('recovery-codes')).toBeNull();
      expect(auth.currentUser()?.mfa?.enabled).toBeFalse();
    });

    it('confirm: sends the code, shows the 10 recovery codes once; continue is disabled until the box is ticked', async () => {
      const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.callThrough();
      await render({ enabled: false, required: true }, '/cases/c1');
      await click('mfa-setup-start');
      await flush('/api/auth/2fa/setup', SETUP);
      await type('mfa-confirm-code', '123 456');
      await click('mfa-confirm-submit');
      expect(await flush('/api/auth/2fa/confirm', { recoveryCodes: CODES })).toEqual({ code: '123456' });

      expect(auth.currentUser()?.mfa).toEqual({ enabled: true, required: true });
      expect(q('mfa-status')?.textContent).toContain('activée');
      expect(q('mfa-qr')).toBeNull();
      const items = Array.from(q('recovery-codes')!.querySelectorAll('li'));
      expect(items.map((li) => li.textContent?.trim())).toEqual(CODES);
      expect(items.every((li) => li.querySelector('bdi')?.getAttribute('dir') === 'ltr')).toBeTrue();
      expect(document.activeElement?.textContent).toContain('Vos codes de secours');
      expect(el.textContent).toContain('ils ne seront plus jamais affichés');

      const continueButton = q<HTMLButtonElement>('recovery-continue')!;
      expect(continueButton.disabled).toBeTrue();
      expect(continueButton.getAttribute('aria-describedby')).toBe('recovery-continue-hint');
      continueButton.click();
      await settle();
      expect(navigate).not.toHaveBeenCalled();

      await click('recovery-saved');
      expect(q<HTMLButtonElement>('recovery-continue')!.disabled).toBeFalse();
      await click('recovery-continue');
      expect(navigate).toHaveBeenCalledWith('/cases/c1');
      expect(q('recovery-codes')).toBeNull();
    });

    it('recovery codes: continuing without a return URL stays here and shows the status', async () => {
      await enrol();
      await click('recovery-saved');
      await click('recovery-continue');
      expect(q('recovery-codes')).toBeNull();
      expect(q('mfa-status')?.textContent).toContain('activée');
      expect(q('mfa-required-explanation')?.textContent).toContain('elle ne peut pas être désactivée');
    });

    it('recovery codes: downloads them as a .txt made in the browser', async () => {
      await enrol();
      const createUrl = spyOn(URL, 'createObjectURL').and.returnValue('blob:codes');
      const clickLink = spyOn(HTMLAnchorElement.prototype, 'click');
      await click('recovery-download');
      expect(createUrl).toHaveBeenCalledTimes(1);
      const blob = createUrl.calls.mostRecent().args[0] as Blob;
      expect(blob.type).toBe('text/plain;charset=utf-8');
      const text = await blob.text();
      expect(text).toContain('Sanad – codes de secours de amina@ecole.ma');
      for (const code of CODES) expect(text).toContain(code);
      expect(clickLink).toHaveBeenCalled();
      const link = clickLink.calls.mostRecent().object as HTMLAnchorElement;
      expect(link.download).toBe('sanad-recovery-codes.txt');
    });

    it('when on and required by the role: status "activée", explanation, no form to turn it off', async () => {
      await render({ enabled: true, required: true });
      expect(q('mfa-status')?.textContent).toContain('activée');
      expect(q('mfa-status')?.getAttribute('data-enabled')).toBe('true');
      expect(q('mfa-required-explanation')?.textContent).toContain('Votre rôle exige la vérification en deux étapes');
      expect(q('mfa-disable-form')).toBeNull();
      expect(q('mfa-setup-start')).toBeNull();
    });

    it('when on and optional: turns it off with the password and a code', async () => {
      await render({ enabled: true, required: false });
      expect(q('mfa-disable-form')).not.toBeNull();
      await click('mfa-disable-submit');
      const links = Array.from(q('error-summary')!.querySelectorAll('a')).map((a) => a.getAttribute('href'));
      expect(links).toEqual(['#disable-password', '#disable-code']);
      controller.expectNone('/api/auth/2fa/disable');

      await type('mfa-disable-password', 'mon mot de passe');
      await type('mfa-disable-code', '246810');
      await click('mfa-disable-submit');
      expect(await flush('/api/auth/2fa/disable', null, { status: 204, statusText: 'No Content' })).toEqual({
        password: 'mon mot de passe',
        code: '246810',
      });
      expect(auth.currentUser()?.mfa).toEqual({ enabled: false, required: false });
      expect(q('mfa-status')?.textContent).toContain('désactivée');
      expect(q('security-announcer')?.textContent).toContain('La vérification en deux étapes est désactivée.');
      expect(q('mfa-setup-start')).not.toBeNull();
    });

    it('when turning it off fails, shows the API message', async () => {
      await render({ enabled: true, required: false });
      await type('mfa-disable-password', 'faux');
      await type('mfa-disable-code', '246810');
      await click('mfa-disable-submit');
      await flush(
        '/api/auth/2fa/disable',
        { statusCode: 401, code: 'AUTH_INVALID_CREDENTIALS', message: 'Mot de passe ou code incorrect' },
        { status: 401, statusText: 'Unauthorized' },
      );
      expect(q('error-summary')?.textContent).toContain('Mot de passe ou code incorrect');
      expect(auth.currentUser()?.mfa?.enabled).toBeTrue();
    });

    it('in Arabic, the key and the codes stay left to right', async () => {
      await render({ enabled: false, required: true });
      await TestBed.inject(LanguageService).use('ar');
      await click('mfa-setup-start');
      await flush('/api/auth/2fa/setup', SETUP);
      expect(el.querySelector('h1')?.textContent).toContain('أمان الحساب');
      expect(q<HTMLImageElement>('mfa-qr')!.alt).toContain('رمز QR');
      expect(q('mfa-secret')?.getAttribute('dir')).toBe('ltr');
      expect(q('mfa-confirm-code')?.getAttribute('dir')).toBe('ltr');
      await TestBed.inject(LanguageService).use('fr');
      localStorage.removeItem('sanad.lang');
      document.documentElement.dir = 'ltr';
      document.documentElement.lang = 'fr';
    });
  });

  describe('password', () => {
    async function fillPassword(current: string, next: string): Promise<void> {
      await type('password-current', current);
      await type('password-new', next);
    }

    it('checks the fields before sending (at least 12 characters)', async () => {
      await render({ enabled: true, required: true });
      expect(el.textContent).toContain('Au moins 12 caractères');
      expect(q('password-new')?.getAttribute('autocomplete')).toBe('new-password');
      expect(q('password-current')?.getAttribute('autocomplete')).toBe('current-password');
      await click('password-submit');
      const summary = q('error-summary')!;
      expect(document.activeElement).toBe(summary);
      expect(Array.from(summary.querySelectorAll('a')).map((a) => a.textContent?.trim())).toEqual([
        'Saisissez votre mot de passe actuel',
        'Saisissez un nouveau mot de passe',
      ]);
      await fillPassword('ancien', 'court');
      await click('password-submit');
      expect(el.querySelector('#new-password-error')?.textContent).toContain('au moins 12 caractères');
      controller.expectNone('/api/auth/password');
    });

    it('changes the password (204) and says the other sessions were ended', async () => {
      await render({ enabled: true, required: true });
      await fillPassword('ancien mot de passe', 'une phrase de passe solide');
      await click('password-submit');
      expect(await flush('/api/auth/password', null, { status: 204, statusText: 'No Content' })).toEqual({
        currentPassword: 'ancien mot de passe',
        newPassword: 'une phrase de passe solide',
      });
      const notice = q('password-changed')!;
      expect(notice.textContent).toContain('vous avez été déconnecté·e de Sanad sur vos autres appareils');
      expect(document.activeElement).toBe(notice);
      expect(q<HTMLInputElement>('password-current')!.value).toBe('');
      expect(q<HTMLInputElement>('password-new')!.value).toBe('');
    });

    it('shows the API details on the new password field (message, or ours from the code)', async () => {
      await render({ enabled: true, required: true });
      await fillPassword('ancien mot de passe', 'motdepasse123');
      await click('password-submit');
      await flush(
        '/api/auth/password',
        {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'Données invalides',
          details: [{ field: 'newPassword', code: 'password.tooCommon', message: 'Ce mot de passe est trop connu' }],
        },
        { status: 400, statusText: 'Bad Request' },
      );
      expect(el.querySelector('#new-password-error')?.textContent).toContain('Ce mot de passe est trop connu');
      expect(q('error-summary')?.querySelector('a[href="#new-password"]')?.textContent).toContain('Ce mot de passe est trop connu');
      expect(q('password-new')?.getAttribute('aria-describedby')).toBe('new-password-hint new-password-error');

      await click('password-submit');
      await flush(
        '/api/auth/password',
        { statusCode: 400, code: 'VALIDATION_FAILED', message: null, details: [{ field: 'newPassword', code: 'password.tooCommon' }] },
        { status: 400, statusText: 'Bad Request' },
      );
      expect(el.querySelector('#new-password-error')?.textContent).toContain('Ce mot de passe est trop courant');
    });

    it('puts a wrong current password (401) on that field, without signing out', async () => {
      await render({ enabled: true, required: true });
      const navigate = spyOn(TestBed.inject(Router), 'navigate').and.callThrough();
      await fillPassword('faux', 'une phrase de passe solide');
      await click('password-submit');
      await flush(
        '/api/auth/password',
        { statusCode: 401, code: 'AUTH_INVALID_CREDENTIALS', message: 'Le mot de passe actuel est incorrect' },
        { status: 401, statusText: 'Unauthorized' },
      );
      expect(el.querySelector('#current-password-error')?.textContent).toContain('Le mot de passe actuel est incorrect');
      expect(navigate).not.toHaveBeenCalled();
      expect(auth.currentUser()).not.toBeNull();
    });
  });

  it('builds the recovery codes file', () => {
    const text = recoveryCodesText('Titre', 'Explication', ['aaaa-bbbb', 'cccc-dddd']);
    expect(text.startsWith('\ufeffTitre\r\n\r\nExplication\r\n\r\n')).toBeTrue();
    expect(text).toContain(' 1. aaaa-bbbb\r\n 2. cccc-dddd');
  });
});
