import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { TEST_USER, settle } from '../../testing/testing';
import { authGuard } from './auth.guard';
import { AuthService } from './auth.service';

describe('authGuard', () => {
  let controller: HttpTestingController;

  const run = (url: string): Promise<unknown> =>
    TestBed.runInInjectionContext(() => authGuard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot) as Promise<unknown>);

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => controller.verify());

  it('lets a signed-in person through and remembers who they are', async () => {
    const result = run('/cases');
    await settle();
    controller.expectOne('/api/auth/me').flush({ user: TEST_USER });
    expect(await result).toBeTrue();
    expect(TestBed.inject(AuthService).currentUser()).toEqual(TEST_USER);
  });

  it('sends everyone else to sign-in with the return URL', async () => {
    const result = run('/cases/new?x=1');
    await settle();
    controller.expectOne('/api/auth/me').flush({ code: 'AUTH_REQUIRED' }, { status: 401, statusText: 'Unauthorized' });
    const tree = await result;
    expect(tree).toBeInstanceOf(UrlTree);
    expect(TestBed.inject(Router).serializeUrl(tree as UrlTree)).toBe('/sign-in?returnUrl=%2Fcases%2Fnew%3Fx%3D1');
  });

  it('remembers that nobody is signed in (no second call while a lazy route loads)', async () => {
    const first = run('/cases');
    await settle();
    controller.expectOne('/api/auth/me').flush({ code: 'AUTH_REQUIRED' }, { status: 401, statusText: 'Unauthorized' });
    await first;
    expect(await run('/cases')).toBeInstanceOf(UrlTree);
    controller.expectNone('/api/auth/me');
  });

  it('asks the API only once while the session is known', async () => {
    const first = run('/cases');
    await settle();
    controller.expectOne('/api/auth/me').flush({ user: TEST_USER });
    await first;
    expect(await run('/cases/new')).toBeTrue();
    controller.expectNone('/api/auth/me');
  });

  describe('when the role requires two-factor authentication', () => {
    const notEnrolled = { ...TEST_USER, role: 'coordinator' as const, mfa: { enabled: false, required: true } };

    it('sends the person to the security page right after sign-in, keeping where they were going', async () => {
      const auth = TestBed.inject(AuthService);
      const signedIn = auth.signIn('amina@ecole.ma', 'secret');
      controller.expectOne('/api/auth/login').flush({ user: notEnrolled });
      await signedIn;
      const tree = await run('/my-work');
      expect(tree).toBeInstanceOf(UrlTree);
      expect(TestBed.inject(Router).serializeUrl(tree as UrlTree)).toBe('/account/security?returnUrl=%2Fmy-work');
    });

    it('lets the person reach the security page itself', async () => {
      const result = run('/account/security?returnUrl=%2Fcases');
      await settle();
      controller.expectOne('/api/auth/me').flush({ user: notEnrolled });
      expect(await result).toBeTrue();
    });

    it('lets the person through once it is set up, and when it is only optional', async () => {
      const result = run('/cases');
      await settle();
      controller.expectOne('/api/auth/me').flush({ user: { ...notEnrolled, mfa: { enabled: true, required: true } } });
      expect(await result).toBeTrue();
      TestBed.inject(AuthService).setMfa({ enabled: false, required: false });
      expect(await run('/cases')).toBeTrue();
    });

    it('treats an answer without mfa (older API) as not required', async () => {
      const result = run('/cases');
      await settle();
      controller.expectOne('/api/auth/me').flush({ user: TEST_USER });
      expect(await result).toBeTrue();
    });
  });
});
