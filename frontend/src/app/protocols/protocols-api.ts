import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ProtocolDefinition } from '@sanad/protocols';
import { Observable, catchError, map, shareReplay, throwError } from 'rxjs';

export interface ProtocolVersion {
  contentHash: string;
  definition: ProtocolDefinition;
}

export interface ProtocolSummary {
  id: string;
  version: string;
  status: string;
}

/**
 * Protocol definitions (GET /api/protocols/:id/:version). Published versions never change, so each one is
 * fetched once per visit and shared by every page.
 */
@Injectable({ providedIn: 'root' })
export class ProtocolsApi {
  private readonly http = inject(HttpClient);
  private readonly cache = new Map<string, Observable<ProtocolDefinition>>();

  /** Every loaded version (id, version, status), newest files last. */
  list(): Observable<ProtocolSummary[]> {
    return this.http.get<ProtocolSummary[]>('/api/protocols');
  }

  definition(id: string, version: string): Observable<ProtocolDefinition> {
    const key = `${id}@${version}`;
    let found = this.cache.get(key);
    if (!found) {
      found = this.http.get<ProtocolVersion>(`/api/protocols/${encodeURIComponent(id)}/${encodeURIComponent(version)}`).pipe(
        map((r) => r.definition),
        catchError((error: unknown) => {
          // A failed fetch is not remembered: the next page asks again.
          this.cache.delete(key);
          return throwError(() => error);
        }),
        shareReplay(1),
      );
      this.cache.set(key, found);
    }
    return found;
  }
}
