import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthService } from './auth.service';
import { LanguageService } from './language.service';

/** Requests whose 401 is an expected answer handled by the caller, not an expired session. */
const NO_REDIRECT_ON_401 = ['/api/auth/login', '/api/auth/me', '/api/auth/logout'];

/**
 * For every API call: marks it as an XHR (the API's CSRF check), asks for messages in the current
 * language, and when the session has expired sends the person to sign in, keeping the return URL.
 * The session cookie is same-origin, so the browser sends it without `withCredentials`.
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
      if (error instanceof HttpErrorResponse && error.status === 401 && !NO_REDIRECT_ON_401.some((path) => request.url.startsWith(path))) {
        auth.clearSession();
        const current = router.url;
        const onSignIn = current.startsWith('/sign-in');
        if (!onSignIn) {
          void router.navigate(['/sign-in'], { queryParams: { returnUrl: current, expired: 1 } });
        }
      }
      return throwError(() => error);
    }),
  );
};
