import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { TEST_USER, provideTestTransloco, settle } from '../../testing/testing';
import { apiInterceptor } from '../core/api.interceptor';
import { AuthService } from '../core/auth.service';
import { LanguageService } from '../core/language.service';
import { SignInComponent, safeReturnUrl } from './sign-in.component';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankComponent {}

describe('SignInComponent', () => {
  let fixture: ComponentFixture<SignInComponent>;
  let el: HTMLElement;
  let controller: HttpTestingController;

  const q = <T extends Element = HTMLElement>(testId: string): T | null => el.querySelector<T>(`[data-testid="${testId}"]`);

  async function fill(email: string, password: string): Promise<void> {
    const emailInput = q<HTMLInputElement>('login-email')!;
    const passwordInput = q<HTMLInputElement>('login-password')!;
    emailInput.value = email;
    emailInput.dispatchEvent(new Event('input'));
    passwordInput.value = password;
    passwordInput.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  async function submit(): Promise<void> {
    q<HTMLButtonElement>('login-submit')!.click();
    await settle();
    await fixture.whenStable();
  }

  beforeEach(async () => {
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
    fixture = TestBed.createComponent(SignInComponent);
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
  });

  afterEach(() => {
    controller.verify();
    el.remove();
  });

  it('labels both fields', () => {
    expect(el.querySelector('label[for="email"]')?.textContent?.trim()).toBe('Adresse e-mail');
    expect(el.querySelector('label[for="password"]')?.textContent?.trim()).toBe('Mot de passe');
  });

  it('shows an error summary linking to each empty field and focuses it, without calling the API', async () => {
    await submit();
    const summary = q('error-summary');
    expect(summary).not.toBeNull();
    expect(document.activeElement).toBe(summary);
    const links = Array.from(summary!.querySelectorAll('a'));
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['#email', '#password']);
    expect(links.map((a) => a.textContent?.trim())).toEqual(['Saisissez votre adresse e-mail', 'Saisissez votre mot de passe']);
    expect(q('login-email')!.getAttribute('aria-invalid')).toBe('true');
    expect(q('login-email')!.getAttribute('aria-describedby')).toBe('email-error');
    expect(el.querySelector('#email-error')?.textContent).toContain('Saisissez votre adresse e-mail');
    controller.expectNone('/api/auth/login');
  });

  it('following a summary link focuses the field', async () => {
    await submit();
    q('error-summary')!.querySelector<HTMLAnchorElement>('a[href="#password"]')!.click();
    expect(document.activeElement).toBe(q('login-password'));
  });

  it('rejects a malformed email address', async () => {
    await fill('amina', 'secret');
    await submit();
    expect(q('error-summary')!.textContent).toContain('Saisissez une adresse e-mail au bon format');
    controller.expectNone('/api/auth/login');
  });

  it('on wrong credentials (401) shows the message and does not navigate', async () => {
    const navigate = spyOn(TestBed.inject(Router), 'navigate').and.callThrough();
    await fill('amina@ecole.ma', 'wrong');
    await submit();
    const req = controller.expectOne('/api/auth/login');
    expect(req.request.body).toEqual({ email: 'amina@ecole.ma', password: 'wrong' });
    req.flush(
      { statusCode: 401, code: 'AUTH_INVALID_CREDENTIALS', message: 'Identifiants incorrects' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await settle();
    await fixture.whenStable();
    const summary = q('error-summary');
    expect(summary?.textContent).toContain('Saisissez une adresse e-mail et un mot de passe corrects');
    expect(document.activeElement).toBe(summary);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('on too many attempts (429) says to wait', async () => {
    await fill('amina@ecole.ma', 'x');
    await submit();
    controller
      .expectOne('/api/auth/login')
      .flush({ statusCode: 429, code: 'AUTH_TOO_MANY_ATTEMPTS', message: 'Trop' }, { status: 429, statusText: 'Too Many' });
    await settle();
    await fixture.whenStable();
    expect(q('error-summary')?.textContent).toContain('Trop de tentatives de connexion');
  });

  it('maps server validation details (400) onto the fields', async () => {
    await fill('amina@ecole.ma', 'x');
    await submit();
    controller.expectOne('/api/auth/login').flush(
      {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'Données invalides',
        details: [{ field: 'password', code: 'TOO_SHORT', message: 'Le mot de passe est trop court' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    await fixture.whenStable();
    expect(q('error-summary')?.querySelector('a[href="#password"]')?.textContent).toContain('Le mot de passe est trop court');
    expect(el.querySelector('#password-error')?.textContent).toContain('Le mot de passe est trop court');
  });

  it('shows the API message for an unknown error code', async () => {
    await fill('amina@ecole.ma', 'x');
    await submit();
    controller
      .expectOne('/api/auth/login')
      .flush({ statusCode: 503, code: 'MAINTENANCE', message: 'Service en maintenance' }, { status: 503, statusText: 'x' });
    await settle();
    await fixture.whenStable();
    expect(q('error-summary')?.textContent).toContain('Service en maintenance');
  });

  it('signs in and goes to the return URL', async () => {
    fixture.componentRef.setInput('returnUrl', '/cases/new');
    const router = TestBed.inject(Router);
    const navigate = spyOn(router, 'navigateByUrl').and.callThrough();
    await fill(' amina@ecole.ma ', 'secret');
    await submit();
    controller.expectOne('/api/auth/login').flush({ user: TEST_USER });
    await settle();
    expect(TestBed.inject(AuthService).currentUser()).toEqual(TEST_USER);
    expect(navigate).toHaveBeenCalledWith('/cases/new');
  });

  it('applies the profile language when none was chosen in this browser', async () => {
    localStorage.removeItem('sanad.lang');
    await fill('amina@ecole.ma', 'secret');
    await submit();
    controller.expectOne('/api/auth/login').flush({ user: { ...TEST_USER, locale: 'ar' } });
    await settle();
    expect(document.documentElement.dir).toBe('rtl');
    expect(localStorage.getItem('sanad.lang')).toBeNull();
    document.documentElement.dir = 'ltr';
    document.documentElement.lang = 'fr';
  });

  it('keeps the language chosen in this browser over the profile language', async () => {
    localStorage.setItem('sanad.lang', 'fr');
    await fill('amina@ecole.ma', 'secret');
    await submit();
    controller.expectOne('/api/auth/login').flush({ user: { ...TEST_USER, locale: 'ar' } });
    await settle();
    expect(document.documentElement.dir).not.toBe('rtl');
    localStorage.removeItem('sanad.lang');
  });

  it('tells the person their session expired when sent back here', async () => {
    fixture.componentRef.setInput('expired', '1');
    await fixture.whenStable();
    expect(q('session-expired')?.textContent).toContain('Votre session a expiré');
  });

  it('only accepts in-app return URLs', () => {
    expect(safeReturnUrl('/cases/new')).toBe('/cases/new');
    expect(safeReturnUrl('//evil.example')).toBe('/my-work');
    expect(safeReturnUrl('https://evil.example')).toBe('/my-work');
    expect(safeReturnUrl('/\\evil.example')).toBe('/my-work');
    expect(safeReturnUrl('/sign-in?returnUrl=/x')).toBe('/my-work');
    expect(safeReturnUrl(undefined)).toBe('/my-work');
  });

  describe('with two-factor authentication', () => {
    async function reachCodeStep(): Promise<void> {
      await fill('amina@ecole.ma', 'secret');
      await submit();
      controller.expectOne('/api/auth/login').flush({ mfaRequired: true });
      await settle();
      await fixture.whenStable();
    }

    async function typeInto(testId: string, value: string): Promise<void> {
      const input = q<HTMLInputElement>(testId)!;
      input.value = value;
      input.dispatchEvent(new Event('input'));
      await fixture.whenStable();
    }

    async function submitCode(): Promise<void> {
      q<HTMLButtonElement>('mfa-submit')!.click();
      await settle();
      await fixture.whenStable();
    }

    it('asks for the code from the app after the password, without signing in yet', async () => {
      const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.callThrough();
      await reachCodeStep();
      expect(TestBed.inject(AuthService).currentUser()).toBeNull();
      expect(navigate).not.toHaveBeenCalled();
      expect(q('login-password')).toBeNull();
      expect(document.activeElement).toBe(q('mfa-heading'));
      const code = q<HTMLInputElement>('mfa-code')!;
      expect(el.querySelector('label[for="mfa-code"]')?.textContent?.trim()).toBe('Code de vérification');
      expect(code.getAttribute('inputmode')).toBe('numeric');
      expect(code.getAttribute('autocomplete')).toBe('one-time-code');
      expect(code.getAttribute('dir')).toBe('ltr');
      expect(code.getAttribute('aria-describedby')).toBe('mfa-code-hint');
    });

    it('sends the code (spaces and Arabic-Indic digits accepted) and goes to the return URL', async () => {
      fixture.componentRef.setInput('returnUrl', '/cases/new');
      const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.callThrough();
      await reachCodeStep();
      await typeInto('mfa-code', '١٢٣ ٤٥٦');
      await submitCode();
      const req = controller.expectOne('/api/auth/login/2fa');
      expect(req.request.method).toBe('POST');
      expect(req.request.body).toEqual({ code: '123456' });
      const user = { ...TEST_USER, mfa: { enabled: true, required: true } };
      req.flush({ user });
      await settle();
      expect(TestBed.inject(AuthService).currentUser()).toEqual(user);
      expect(navigate).toHaveBeenCalledWith('/cases/new');
    });

    it('checks the code has 6 digits before sending it', async () => {
      await reachCodeStep();
      await submitCode();
      expect(q('error-summary')?.textContent).toContain('Saisissez le code de vérification');
      expect(q('error-summary')?.querySelector('a')?.getAttribute('href')).toBe('#mfa-code');
      await typeInto('mfa-code', '12345');
      await submitCode();
      expect(el.querySelector('#mfa-code-error')?.textContent).toContain('Le code de vérification doit comporter 6 chiffres');
      expect(q('mfa-code')?.getAttribute('aria-invalid')).toBe('true');
      controller.expectNone('/api/auth/login/2fa');
    });

    it('switches to a recovery code and sends it as recoveryCode', async () => {
      await reachCodeStep();
      const toggle = q<HTMLButtonElement>('mfa-recovery-toggle')!;
      expect(toggle.textContent?.trim()).toBe('Utiliser un code de secours');
      toggle.click();
      await settle();
      await fixture.whenStable();
      expect(q('mfa-code')).toBeNull();
      const field = q<HTMLInputElement>('mfa-recovery-code')!;
      expect(document.activeElement).toBe(field);
      expect(field.getAttribute('dir')).toBe('ltr');
      expect(el.querySelector('label[for="recovery-code"]')?.textContent?.trim()).toBe('Code de secours');
      await typeInto('mfa-recovery-code', ' 4f7k-2m9q ');
      await submitCode();
      const req = controller.expectOne('/api/auth/login/2fa');
      expect(req.request.body).toEqual({ recoveryCode: '4f7k-2m9q' });
      req.flush({ user: TEST_USER });
      await settle();
      expect(TestBed.inject(AuthService).currentUser()).toEqual(TEST_USER);
    });

    it('shows the API message for a wrong code (401), on the field and in the summary, and stays on the code step', async () => {
      const navigate = spyOn(TestBed.inject(Router), 'navigate').and.callThrough();
      await reachCodeStep();
      await typeInto('mfa-code', '000000');
      await submitCode();
      controller
        .expectOne('/api/auth/login/2fa')
        .flush(
          { statusCode: 401, code: 'MFA_INVALID_CODE', message: 'Code incorrect ou expiré' },
          { status: 401, statusText: 'Unauthorized' },
        );
      await settle();
      await fixture.whenStable();
      const summary = q('error-summary');
      expect(summary?.textContent).toContain('Code incorrect ou expiré');
      expect(document.activeElement).toBe(summary);
      expect(el.querySelector('#mfa-code-error')?.textContent).toContain('Code incorrect ou expiré');
      expect(q('mfa-code')).not.toBeNull();
      expect(navigate).not.toHaveBeenCalled();
      expect(TestBed.inject(AuthService).currentUser()).toBeNull();
    });

    it('shows the API message when throttled (429)', async () => {
      await reachCodeStep();
      await typeInto('mfa-code', '111111');
      await submitCode();
      controller
        .expectOne('/api/auth/login/2fa')
        .flush(
          { statusCode: 429, code: 'AUTH_TOO_MANY_ATTEMPTS', message: 'Trop de codes essayés. Attendez 5 minutes' },
          { status: 429, statusText: 'Too Many Requests' },
        );
      await settle();
      await fixture.whenStable();
      expect(q('error-summary')?.textContent).toContain('Trop de codes essayés. Attendez 5 minutes');
    });

    it('goes back to e-mail and password with an explanation when the pending sign-in expired (401 AUTH_REQUIRED)', async () => {
      await reachCodeStep();
      await typeInto('mfa-code', '123456');
      await submitCode();
      controller
        .expectOne('/api/auth/login/2fa')
        .flush(
          { statusCode: 401, code: 'AUTH_REQUIRED', message: 'Authentification requise' },
          { status: 401, statusText: 'Unauthorized' },
        );
      await settle();
      await fixture.whenStable();
      expect(q('mfa-code')).toBeNull();
      expect(q('login-email')).not.toBeNull();
      expect(q<HTMLInputElement>('login-email')!.value).toBe('amina@ecole.ma');
      expect(q<HTMLInputElement>('login-password')!.value).toBe('');
      const notice = q('mfa-expired');
      expect(notice?.textContent).toContain('Le délai pour saisir le code est dépassé');
      expect(document.activeElement).toBe(notice);
      expect(q('error-summary')).toBeNull();
    });

    it('can start again from the code step', async () => {
      await reachCodeStep();
      q<HTMLButtonElement>('mfa-restart')!.click();
      await settle();
      await fixture.whenStable();
      expect(q('login-email')).not.toBeNull();
      expect(q('mfa-expired')).toBeNull();
    });

    it('shows the code step in Arabic with the code field left to right', async () => {
      await reachCodeStep();
      await TestBed.inject(LanguageService).use('ar');
      await fixture.whenStable();
      expect(el.querySelector('label[for="mfa-code"]')?.textContent?.trim()).toBe('رمز التحقق');
      expect(q('mfa-recovery-toggle')?.textContent?.trim()).toBe('استعمال رمز احتياطي');
      expect(q('mfa-code')?.getAttribute('dir')).toBe('ltr');
      await TestBed.inject(LanguageService).use('fr');
      localStorage.removeItem('sanad.lang');
    });
  });
});
