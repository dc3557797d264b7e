import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** `POST /api/auth/2fa/setup`: a new secret, not active until confirmed with a code. */
export interface MfaSetup {
  /** `otpauth://totp/…` (what the QR code holds). */
  otpauthUri: string;
  /** The QR code as a `data:image/svg+xml` URL. */
  qrCode: string;
  /** The same secret in base32, for typing into the app by hand. */
  secret: string;
}

/** `POST /api/auth/2fa/confirm`: the recovery codes, shown once. */
export interface MfaConfirmation {
  recoveryCodes: string[];
}

/** The account endpoints of the API: two-factor authentication and password. */
@Injectable({ providedIn: 'root' })
export class AccountApi {
  private readonly http = inject(HttpClient);

  /** Starts setting up two-factor authentication (a new secret each time). */
  setupMfa(): Observable<MfaSetup> {
    return this.http.post<MfaSetup>('/api/auth/2fa/setup', {});
  }

  /** Turns two-factor authentication on with a code from the app. 401 wrong code, 429 too many attempts. */
  confirmMfa(code: string): Observable<MfaConfirmation> {
    return this.http.post<MfaConfirmation>('/api/auth/2fa/confirm', { code });
  }

  /** Turns two-factor authentication off (refused when the role requires it). 401 wrong password or code. */
  disableMfa(password: string, code: string): Observable<unknown> {
    return this.http.post<unknown>('/api/auth/2fa/disable', { password, code });
  }

  /** 204; the person's other sessions are ended. 400 `details` on `newPassword` (too short, too common…). */
  changePassword(currentPassword: string, newPassword: string): Observable<void> {
    return this.http.post<void>('/api/auth/password', { currentPassword, newPassword });
  }
}
