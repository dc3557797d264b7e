import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';
import { SECURITY_PAGE } from './return-url';
import { needsMfaEnrolment } from './user';

/**
 * Lets signed-in people through; sends everyone else to sign in, remembering where they were going.
 * People whose role requires two-factor authentication and who have not set it up yet go to the
 * security page first (the API refuses their other calls until then), remembering where they were going.
 */
export const authGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const user = await auth.ensureSession();
  if (!user) return router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
  if (needsMfaEnrolment(user) && !state.url.startsWith(SECURITY_PAGE)) {
    return router.createUrlTree([SECURITY_PAGE], { queryParams: { returnUrl: state.url } });
  }
  return true;
};
