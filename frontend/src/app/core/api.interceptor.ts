import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { toApiError } from './api-error';
import { AuthService } from './auth.service';
import { LanguageService } from './language.service';
import { SECURITY_PAGE, safeReturnUrl } from './return-url';

/**
 * Requests whose 401 is an expected answer handled by the caller, not an expired session
 * (`/api/auth/login` also covers `/api/auth/login/2fa`: a wrong code or an expired pending sign-in).
 */
const NO_REDIRECT_ON_401 = ['/api/auth/login', '/api/auth/me', '/api/auth/logout'];

/**
 * Requests that check a password or a code: their 401 means "wrong password / code" (shown by the page);
 * only a 401 `AUTH_REQUIRED` means the session is gone.
 */
const CREDENTIAL_CHECKS = ['/api/auth/password', '/api/auth/2fa/'];

/** 403 code of every API call while two-factor authentication is required for the role but not set up. */
export const MFA_ENROLMENT_REQUIRED = 'MFA_ENROLMENT_REQUIRED';

function sessionExpired(url: string, error: HttpErrorResponse): boolean {
  if (error.status !== 401 || NO_REDIRECT_ON_401.some((path) => url.startsWith(path))) return false;
  if (CREDENTIAL_CHECKS.some((path) => url.startsWith(path))) return toApiError(error).code === 'AUTH_REQUIRED';
  return true;
}

/**
 * For every API call: marks it as an XHR (the API's CSRF check), asks for messages in the current
 * language, and when the session has expired sends the person to sign in, keeping the return URL.
 * When the API refuses calls until two-factor authentication is set up, sends the person to the
 * security page (keeping the return URL). The session cookie is same-origin, so the browser sends it
 * without `withCredentials`.
 */
export const apiInterceptor: HttpInterceptorFn = (req, next) => {
  const language = inject(LanguageService);
  const router = inject(Router);
  const auth = inject(AuthService);

  const request = req.clone({
    setHeaders: {
      'X-Requested-With': 'XMLHttpRequest',
      'Accept-Language': language.lang(),
    },
  });

  return next(request).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && sessionExpired(request.url, error)) {
        auth.clearSession();
        const current = router.url;
        const onSignIn = current.startsWith('/sign-in');
        if (!onSignIn) {
          void router.navigate(['/sign-in'], { queryParams: { returnUrl: current, expired: 1 } });
        }
      } else if (error instanceof HttpErrorResponse && error.status === 403 && toApiError(error).code === MFA_ENROLMENT_REQUIRED) {
        auth.markMfaEnrolmentRequired();
        const current = router.url;
        if (!current.startsWith(SECURITY_PAGE)) {
          void router.navigate([SECURITY_PAGE], { queryParams: { returnUrl: safeReturnUrl(current) } });
        }
      }
      return throwError(() => error);
    }),
  );
};
