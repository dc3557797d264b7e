import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** The one-time password links printed by the administrator bootstrap and sent with invitations. */
@Injectable({ providedIn: 'root' })
export class PasswordLinkApi {
  private readonly http = inject(HttpClient);

  /**
   * Sets the password of the link's account (public: nobody is signed in). 204; the link is used up and every
   * session of the account ended. 400 `PASSWORD_LINK_INVALID` (unknown, used, expired or replaced link),
   * 400 `VALIDATION_FAILED` (`details` on `newPassword`, or on `token` for a malformed link), 429 too many attempts.
   */
  setupPassword(token: string, newPassword: string): Observable<void> {
    return this.http.post<void>('/api/auth/setup-password', { token, newPassword });
  }
}
