import { HttpClient, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** Languages a document can be produced in; `fr+ar` is the French version then the Arabic one in one file. */
export const DOCUMENT_LANGS = ['fr', 'ar', 'en', 'fr+ar'] as const;
export type DocumentLang = (typeof DOCUMENT_LANGS)[number];

/** One document of a case, as `GET /api/cases/:id/documents` lists it. */
export interface CaseDocument {
  template: string;
  /** D1–D12; null for the full case file and the academy report */
  code: string | null;
  title: { fr: string; ar: string; en: string };
  available: boolean;
  /** why not yet (stable code), null when available */
  reason: string | null;
  /** codes only, never a name: a password is advised */
  leavesSchool: boolean;
}

/** The documents endpoints of the API (docs/documents.md). */
@Injectable({ providedIn: 'root' })
export class DocumentsApi {
  private readonly http = inject(HttpClient);

  list(caseId: string): Observable<CaseDocument[]> {
    return this.http.get<CaseDocument[]>(`/api/cases/${encodeURIComponent(caseId)}/documents`);
  }

  /** The PDF (POST: the password never goes in a URL). Errors come back as a Blob holding the JSON error. */
  download(caseId: string, template: string, lang: DocumentLang, password?: string): Observable<HttpResponse<Blob>> {
    return this.http.post(
      `/api/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(template)}`,
      password ? { lang, password } : { lang },
      { observe: 'response', responseType: 'blob' },
    );
  }
}

/** The file name the server chose (`Content-Disposition: attachment; filename="…"`). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(disposition ?? '');
  return match?.[1] ?? fallback;
}
