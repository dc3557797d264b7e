import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import {
  CaseTransmissions,
  InboxFilters,
  ReportLang,
  SummarySnapshot,
  TransmissionDetail,
  TransmissionPage,
  TransmissionSummary,
} from './transmissions.model';

export const INBOX_PAGE_SIZE = 20;

/** The transmissions API (docs/transmissions.md). */
@Injectable({ providedIn: 'root' })
export class TransmissionsApi {
  private readonly http = inject(HttpClient);

  inbox(filters: InboxFilters): Observable<TransmissionPage> {
    let params = new HttpParams().set('page', String(filters.page)).set('pageSize', String(INBOX_PAGE_SIZE));
    if (filters.status.length > 0) params = params.set('status', filters.status.join(','));
    return this.http.get<TransmissionPage>('/api/transmissions', { params });
  }

  get(id: string): Observable<TransmissionDetail> {
    return this.http.get<TransmissionDetail>(`/api/transmissions/${encodeURIComponent(id)}`);
  }

  acknowledge(id: string): Observable<TransmissionDetail> {
    return this.http.post<TransmissionDetail>(`/api/transmissions/${encodeURIComponent(id)}/acknowledge`, {});
  }

  message(id: string, text: string): Observable<TransmissionDetail> {
    return this.http.post<TransmissionDetail>(`/api/transmissions/${encodeURIComponent(id)}/messages`, { text });
  }

  handled(id: string): Observable<TransmissionDetail> {
    return this.http.post<TransmissionDetail>(`/api/transmissions/${encodeURIComponent(id)}/handled`, {});
  }

  /** The academy report as sent, downloaded by the browser from this address (an attachment). */
  reportUrl(id: string, lang: ReportLang): string {
    return `/api/transmissions/${encodeURIComponent(id)}/report.pdf?lang=${encodeURIComponent(lang)}`;
  }

  forCase(caseId: string): Observable<CaseTransmissions> {
    return this.http.get<CaseTransmissions>(`/api/cases/${encodeURIComponent(caseId)}/transmissions`);
  }

  transmit(caseId: string, body: { kind: string; comment?: string; expectedSeq: number }): Observable<TransmissionDetail> {
    return this.http.post<TransmissionDetail>(`/api/cases/${encodeURIComponent(caseId)}/transmissions`, body);
  }

  summaries(): Observable<TransmissionSummary[]> {
    return this.http.get<TransmissionSummary[]>('/api/school-summaries');
  }

  previewSummary(period: string): Observable<SummarySnapshot> {
    return this.http.get<SummarySnapshot>('/api/school-summaries/preview', { params: { period } });
  }

  submitSummary(period: string, comment: string): Observable<TransmissionDetail> {
    return this.http.post<TransmissionDetail>('/api/school-summaries', { period, ...(comment.trim() ? { comment } : {}) });
  }
}
