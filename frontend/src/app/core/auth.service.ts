import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { MfaStatus, User } from './user';

export const DRAFT_KEY_PREFIX = 'sanad.draft.';

/**
 * What `POST /api/auth/login` answers: the person is signed in, or (account with two-factor authentication)
 * a code is needed first — then `POST /api/auth/login/2fa` finishes the sign-in.
 */
export type SignInResult = { mfaRequired: false; user: User } | { mfaRequired: true };

/** The second step of a sign-in: a code from the authenticator app, or one of the recovery codes. */
export type MfaProof = { code: string } | { recoveryCode: string };

type LoginResponse = { user: User } | { mfaRequired: true };

/** Who is signed in. The session itself is an httpOnly cookie the browser sends with every request. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);

  private readonly user = signal<User | null>(null);
  /** The signed-in person, or null. */
  readonly currentUser = this.user.asReadonly();
  readonly isSignedIn = computed(() => this.user() !== null);

  private sessionCheck: Promise<User | null> | null = null;

  /**
   * Asks the API who is signed in (once; later calls reuse the answer until sign-in, sign-out or a 401).
   * Resolves to null when there is no session or the API cannot be reached.
   */
  ensureSession(): Promise<User | null> {
    if (this.user()) return Promise.resolve(this.user());
    this.sessionCheck ??= firstValueFrom(this.http.get<{ user: User }>('/api/auth/me')).then(
      ({ user }) => {
        this.user.set(user);
        return user;
      },
      (error: unknown) => {
        // "Nobody is signed in" is remembered until the next sign-in; a network failure is asked again next time.
        if (!(error instanceof HttpErrorResponse) || error.status === 0) this.sessionCheck = null;
        return null;
      },
    );
    return this.sessionCheck;
  }

  /**
   * First step of signing in. Resolves to the user, or to `{ mfaRequired: true }` when the account has
   * two-factor authentication (nobody is signed in yet: call `verifyMfa`). Rejects with the HttpErrorResponse
   * on failure (401, 429, 400…).
   */
  async signIn(email: string, password: string): Promise<SignInResult> {
    const body = await firstValueFrom(this.http.post<LoginResponse>('/api/auth/login', { email, password }));
    if ('mfaRequired' in body && body.mfaRequired) return { mfaRequired: true };
    return { mfaRequired: false, user: this.signedIn((body as { user: User }).user) };
  }

  /**
   * Second step of signing in (`POST /api/auth/login/2fa`). Rejects with the HttpErrorResponse: 401 wrong code,
   * 401 `AUTH_REQUIRED` when the pending sign-in expired (start again), 429 too many attempts.
   */
  async verifyMfa(proof: MfaProof): Promise<User> {
    const { user } = await firstValueFrom(this.http.post<{ user: User }>('/api/auth/login/2fa', proof));
    return this.signedIn(user);
  }

  /**
   * Makes another of the person's memberships the active one (`POST /api/auth/membership`), then asks the API
   * again who is signed in, so role, school and memberships all come from the server. Rejects with the
   * HttpErrorResponse (404 for a membership that is not the person's).
   */
  async switchMembership(membershipId: string): Promise<User> {
    const { user } = await firstValueFrom(this.http.post<{ user: User }>('/api/auth/membership', { membershipId }));
    this.user.set(user);
    return this.reloadUser();
  }

  /** Asks `GET /api/auth/me` again (after a change of role); keeps the known user if the call fails. */
  async reloadUser(): Promise<User> {
    const known = this.user();
    try {
      const { user } = await firstValueFrom(this.http.get<{ user: User }>('/api/auth/me'));
      return this.signedIn(user);
    } catch (error) {
      if (known) return known;
      throw error;
    }
  }

  /** Updates the two-factor status of the signed-in person (after enabling or disabling it). */
  setMfa(mfa: MfaStatus): void {
    this.user.update((user) => (user ? { ...user, mfa } : user));
  }

  /** The API refused a call until two-factor authentication is set up (403 `MFA_ENROLMENT_REQUIRED`). */
  markMfaEnrolmentRequired(): void {
    this.setMfa({ enabled: false, required: true });
  }

  private signedIn(user: User): User {
    this.user.set(user);
    this.sessionCheck = null;
    return user;
  }

  /** Signs out on the server (best effort) and forgets everything kept in this tab. */
  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>('/api/auth/logout', {}));
    } finally {
      this.clearSession();
      clearDrafts();
    }
  }

  /** Called when the API says the session is gone (401). Drafts are kept so nothing typed is lost. */
  clearSession(): void {
    this.user.set(null);
    this.sessionCheck = null;
  }
}

/** Drafts can hold sensitive details: they never outlive the tab and are wiped on sign-out. */
export function clearDrafts(): void {
  try {
    const keys = Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.key(i)).filter(
      (k): k is string => k?.startsWith(DRAFT_KEY_PREFIX) ?? false,
    );
    keys.forEach((k) => sessionStorage.removeItem(k));
  } catch {
    // sessionStorage unavailable: nothing stored.
  }
}
