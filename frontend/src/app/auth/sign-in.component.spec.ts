import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { TEST_USER, provideTestTransloco, settle } from '../../testing/testing';
import { apiInterceptor } from '../core/api.interceptor';
import { AuthService } from '../core/auth.service';
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
});
