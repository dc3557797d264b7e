import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, shareReplay, throwError } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { Knowledge } from './knowledge.model';

/**
 * The knowledge base (GET /api/knowledge): cyberviolence types, tiers, platform reporting guides and the
 * escalation directory of the person's academy. It changes only with a new release, so it is fetched once per
 * session and shared by every page. The directory depends on the person's academy: another person signing in
 * in the same tab gets their own copy.
 */
@Injectable({ providedIn: 'root' })
export class KnowledgeApi {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);
  private cached: { userId: string | null; knowledge: Observable<Knowledge> } | null = null;

  get(): Observable<Knowledge> {
    const userId = this.auth.currentUser()?.id ?? null;
    if (this.cached?.userId !== userId) {
      const entry = {
        userId,
        knowledge: this.http.get<Knowledge>('/api/knowledge').pipe(
          catchError((error: unknown) => {
            // A failed fetch is not remembered: the next page asks again.
            if (this.cached === entry) this.cached = null;
            return throwError(() => error);
          }),
          shareReplay(1),
        ),
      };
      this.cached = entry;
    }
    return this.cached.knowledge;
  }
}
