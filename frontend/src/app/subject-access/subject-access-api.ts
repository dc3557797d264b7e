import { HttpClient, HttpParams, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { PersonKind, PersonRole } from '../cases/new-case/people-draft';

/** One person record of a case whose name matches (`GET /api/subject-access/people`). */
export interface PupilRecord {
  personId: string;
  caseId: string;
  caseReference: string;
  code: string;
  role: PersonRole;
  kind: PersonKind;
  displayName: string;
  classLabel: string | null;
  occurredOn: string;
  caseState: string;
  caseClosed: boolean;
  removed: boolean;
}

export interface PupilSearch {
  items: PupilRecord[];
  truncated: boolean;
}

/** The export (`POST /api/subject-access/export`): kept as the API sends it, saved as a JSON file. */
export interface SubjectExport {
  format: string;
  generatedAt: string;
  names: string[];
  cases: { reference: string }[];
}

/** Access requests under Law 09-08 (principal only): search a pupil across the school's cases, export their data. */
@Injectable({ providedIn: 'root' })
export class SubjectAccessApi {
  private readonly http = inject(HttpClient);

  search(q: string): Observable<PupilSearch> {
    return this.http.get<PupilSearch>('/api/subject-access/people', { params: new HttpParams().set('q', q) });
  }

  /** Everything held about the pupil of these records (recorded in the audit log); the page saves it as a file. */
  export(personIds: string[]): Observable<SubjectExport> {
    return this.http.post<SubjectExport>('/api/subject-access/export', { personIds });
  }

  /** The same export as a readable PDF in one language. Errors come back as a Blob holding the JSON error. */
  exportPdf(personIds: string[], lang: 'fr' | 'ar' | 'en'): Observable<HttpResponse<Blob>> {
    return this.http.post('/api/subject-access/export.pdf', { personIds, lang }, { observe: 'response', responseType: 'blob' });
  }
}
