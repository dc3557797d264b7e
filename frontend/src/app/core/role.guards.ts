import { inject } from '@angular/core';
import { CanActivateFn, CanMatchFn, Router } from '@angular/router';
import { AuthService } from './auth.service';
import { ADMIN_HOME, OFFICER_HOME, canReadStatistics, canReadTransmissions, isAdmin, isPrincipal } from './user';

/**
 * The administration pages exist only for a session acting as administrator. Anyone else gets the "page not
 * found" view at the same address (the route does not match). Nobody signed in yet: the route matches and
 * `authGuard` sends them to sign in.
 */
export const adminMatch: CanMatchFn = async () => {
  const user = await inject(AuthService).ensureSession();
  return !user || isAdmin(user);
};

/**
 * "Mon travail" and the case pages are for the school roles: an administrator has no case content (the API
 * answers 403 `NO_SCHOOL_SCOPE`), so they go to the accounts page instead. Use after `authGuard`.
 */
export const caseWorkGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const user = await inject(AuthService).ensureSession();
  if (isAdmin(user)) return router.parseUrl(ADMIN_HOME);
  // officers see no case file either: their work is statistics and transmissions
  return user?.role === 'officer' ? router.parseUrl(OFFICER_HOME) : true;
};

/** The statistics pages: principals, officers and administrators; anyone else gets "page not found". */
export const statisticsMatch: CanMatchFn = async () => {
  const user = await inject(AuthService).ensureSession();
  return !user || canReadStatistics(user);
};

/** The officers' inbox of transmissions (administrators get 403 from the API); anyone else gets "page not found". */
export const transmissionsMatch: CanMatchFn = async () => {
  const user = await inject(AuthService).ensureSession();
  return !user || canReadTransmissions(user);
};

/** The principal's pages (the school summaries); anyone else gets "page not found". */
export const principalMatch: CanMatchFn = async () => {
  const user = await inject(AuthService).ensureSession();
  return !user || isPrincipal(user);
};
