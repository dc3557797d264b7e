import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { TEST_USER, provideTestTransloco, settle } from '../../testing/testing';
import { apiInterceptor } from './api.interceptor';
import { AuthService } from './auth.service';
import { LanguageService } from './language.service';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class BlankComponent {}

describe('apiInterceptor', () => {
  let http: HttpClient;
  let controller: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideTestTransloco(),
        provideRouter([
          { path: 'sign-in', component: BlankComponent },
          { path: 'cases/new', component: BlankComponent },
          { path: 'cases/:id', component: BlankComponent },
          { path: 'account/security', component: BlankComponent },
        ]),
        provideHttpClient(withInterceptors([apiInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    controller = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
  });

  afterEach(() => {
    controller.verify();
    document.documentElement.lang = 'fr';
    document.documentElement.dir = 'ltr';
    localStorage.removeItem('sanad.lang');
  });

  it('adds X-Requested-With and Accept-Language (current language) to every request', async () => {
    http.get('/api/health').subscribe();
    const first = controller.expectOne('/api/health');
    expect(first.request.headers.get('X-Requested-With')).toBe('XMLHttpRequest');
    expect(first.request.headers.get('Accept-Language')).toBe('fr');
    expect(first.request.withCredentials).toBeFalse();
    first.flush({ status: 'ok' });

    await TestBed.inject(LanguageService).use('ar');
    http.post('/api/cases', {}).subscribe();
    const second = controller.expectOne('/api/cases');
    expect(second.request.headers.get('X-Requested-With')).toBe('XMLHttpRequest');
    expect(second.request.headers.get('Accept-Language')).toBe('ar');
    second.flush({});
  });

  it('on 401 forgets the user and goes to sign-in with the return URL, then rethrows', async () => {
    await router.navigateByUrl('/cases/new');
    const auth = TestBed.inject(AuthService);
    const clear = spyOn(auth, 'clearSession').and.callThrough();

    const result = firstValueFrom(http.get('/api/cases'));
    controller
      .expectOne('/api/cases')
      .flush({ statusCode: 401, code: 'AUTH_REQUIRED', message: 'x' }, { status: 401, statusText: 'Unauthorized' });

    await expectAsync(result).toBeRejected();
    await settle();
    expect(clear).toHaveBeenCalled();
    const url = router.parseUrl(router.url);
    expect(url.root.children['primary']?.segments.map((s) => s.path)).toEqual(['sign-in']);
    expect(url.queryParams['returnUrl']).toBe('/cases/new');
    expect(url.queryParams['expired']).toBe('1');
  });

  it('does not redirect on a 401 from the login call (wrong password is handled by the page)', async () => {
    await router.navigateByUrl('/sign-in');
    const navigate = spyOn(router, 'navigate').and.callThrough();
    const result = firstValueFrom(http.post('/api/auth/login', {}));
    controller
      .expectOne('/api/auth/login')
      .flush({ statusCode: 401, code: 'AUTH_INVALID_CREDENTIALS', message: 'x' }, { status: 401, statusText: 'Unauthorized' });
    await expectAsync(result).toBeRejected();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('does not redirect on a 401 from /api/auth/me (the guard decides)', async () => {
    const navigate = spyOn(router, 'navigate').and.callThrough();
    const result = firstValueFrom(http.get('/api/auth/me'));
    controller.expectOne('/api/auth/me').flush({ code: 'AUTH_REQUIRED' }, { status: 401, statusText: 'Unauthorized' });
    await expectAsync(result).toBeRejected();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('passes other errors through without navigating', async () => {
    const navigate = spyOn(router, 'navigate').and.callThrough();
    const result = firstValueFrom(http.get('/api/cases'));
    controller.expectOne('/api/cases').flush({ code: 'INTERNAL' }, { status: 500, statusText: 'Server Error' });
    await expectAsync(result).toBeRejected();
    expect(navigate).not.toHaveBeenCalled();
  });

  describe('403 MFA_ENROLMENT_REQUIRED', () => {
    const enrolmentRequired = { statusCode: 403, code: 'MFA_ENROLMENT_REQUIRED', message: 'Activez la vérification en deux étapes' };

    it('goes to the security page with the return URL, marks the user as needing it, then rethrows', async () => {
      const auth = TestBed.inject(AuthService);
      const session = auth.ensureSession();
      controller.expectOne('/api/auth/me').flush({ user: { ...TEST_USER, role: 'coordinator' } });
      await session;
      await router.navigateByUrl('/cases/c1?tab=timeline');

      const result = firstValueFrom(http.get('/api/cases/c1'));
      controller.expectOne('/api/cases/c1').flush(enrolmentRequired, { status: 403, statusText: 'Forbidden' });
      await expectAsync(result).toBeRejected();
      await settle();

      const url = router.parseUrl(router.url);
      expect(url.root.children['primary']?.segments.map((s) => s.path)).toEqual(['account', 'security']);
      expect(url.queryParams['returnUrl']).toBe('/cases/c1?tab=timeline');
      expect(auth.currentUser()?.mfa).toEqual({ enabled: false, required: true });
    });

    it('stays put when already on the security page', async () => {
      await router.navigateByUrl('/account/security?returnUrl=%2Fcases');
      const navigate = spyOn(router, 'navigate').and.callThrough();
      const result = firstValueFrom(http.get('/api/knowledge'));
      controller.expectOne('/api/knowledge').flush(enrolmentRequired, { status: 403, statusText: 'Forbidden' });
      await expectAsync(result).toBeRejected();
      expect(navigate).not.toHaveBeenCalled();
    });

    it('does not redirect on other 403s', async () => {
      const navigate = spyOn(router, 'navigate').and.callThrough();
      const result = firstValueFrom(http.post('/api/cases/c1/steps/triage', {}));
      controller
        .expectOne('/api/cases/c1/steps/triage')
        .flush({ statusCode: 403, code: 'ROLE_NOT_ALLOWED', message: 'x' }, { status: 403, statusText: 'Forbidden' });
      await expectAsync(result).toBeRejected();
      expect(navigate).not.toHaveBeenCalled();
    });
  });

  describe('401 from calls that check a password or a code', () => {
    for (const url of ['/api/auth/login/2fa', '/api/auth/2fa/confirm', '/api/auth/2fa/disable', '/api/auth/password']) {
      it(`a wrong password or code on ${url} is left to the page`, async () => {
        await router.navigateByUrl('/account/security');
        const navigate = spyOn(router, 'navigate').and.callThrough();
        const result = firstValueFrom(http.post(url, {}));
        controller
          .expectOne(url)
          .flush({ statusCode: 401, code: 'MFA_INVALID_CODE', message: 'x' }, { status: 401, statusText: 'Unauthorized' });
        await expectAsync(result).toBeRejected();
        expect(navigate).not.toHaveBeenCalled();
      });
    }

    it('an expired session (AUTH_REQUIRED) on /api/auth/password still goes to sign-in', async () => {
      await router.navigateByUrl('/account/security');
      const result = firstValueFrom(http.post('/api/auth/password', {}));
      controller
        .expectOne('/api/auth/password')
        .flush({ statusCode: 401, code: 'AUTH_REQUIRED', message: 'x' }, { status: 401, statusText: 'Unauthorized' });
      await expectAsync(result).toBeRejected();
      await settle();
      expect(router.url.startsWith('/sign-in')).toBeTrue();
    });
  });
});
