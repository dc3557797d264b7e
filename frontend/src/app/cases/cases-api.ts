import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { CaseSummary, NewCase, Page } from './case.model';

export const DEFAULT_PAGE_SIZE = 20;

/** The cases endpoints of the API. */
@Injectable({ providedIn: 'root' })
export class CasesApi {
  private readonly http = inject(HttpClient);

  /** Cases of the signed-in person's school, newest first. */
  list(page = 1, pageSize = DEFAULT_PAGE_SIZE): Observable<Page<CaseSummary>> {
    const params = new HttpParams().set('page', page).set('pageSize', pageSize);
    return this.http.get<Page<CaseSummary>>('/api/cases', { params });
  }

  create(body: NewCase): Observable<CaseSummary> {
    return this.http.post<CaseSummary>('/api/cases', body);
  }
}
