import { HttpClient, HttpParams, HttpResponse } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { Observable, firstValueFrom } from 'rxjs';

/** Statuses of a report on the school side. */
export const INTAKE_STATUSES = ['pending', 'converted', 'linked', 'dismissed'] as const;
export type IntakeStatus = (typeof INTAKE_STATUSES)[number];
export type IntakeFilter = IntakeStatus | 'all';

export interface IntakeItem {
  id: string;
  receivedAt: string;
  reporterRole: string;
  since: string;
  platforms: string[];
  dangerNow: boolean;
  anonymous: boolean;
  status: IntakeStatus;
  preview: string;
  unreadMessages: number;
}

export interface IntakeMessage {
  from: 'reporter' | 'team';
  body: string;
  at: string;
}

export interface IntakeEvent {
  type: string;
  at: string;
  actorName?: string | null;
}

export interface IntakeReport {
  id: string;
  receivedAt: string;
  language: string;
  reporterRole: string;
  whatHappened: string;
  platforms: string[];
  since: string;
  involved?: string | null;
  dangerNow: boolean;
  contact?: string | null;
  status: IntakeStatus;
  caseId?: string | null;
  caseReference?: string | null;
  dismissReason?: string | null;
  messages: IntakeMessage[];
  events: IntakeEvent[];
  /** Set once the team closed the conversation (the reporter sees "closed"). */
  closed?: boolean;
}

export interface IntakeSummary {
  pending: number;
  unreadMessages: number;
}

export const DISMISS_REASON_MIN = 3;
export const DISMISS_REASON_MAX = 500;
export const TEAM_MESSAGE_MAX = 1000;
export const INTAKE_PAGE_SIZE = 20;

/** The staff side of the public reporting channel (docs/public-reporting.md). */
@Injectable({ providedIn: 'root' })
export class IntakeApi {
  private readonly http = inject(HttpClient);

  list(status: IntakeFilter, page = 1, pageSize = INTAKE_PAGE_SIZE): Observable<{ items: IntakeItem[]; total: number }> {
    const params = new HttpParams().set('status', status).set('page', page).set('pageSize', pageSize);
    return this.http.get<{ items: IntakeItem[]; total: number }>('/api/intake-reports', { params });
  }

  get(id: string): Observable<IntakeReport> {
    return this.http.get<IntakeReport>(`/api/intake-reports/${encodeURIComponent(id)}`);
  }

  convert(id: string): Observable<{ caseId: string; reference: string }> {
    return this.http.post<{ caseId: string; reference: string }>(`/api/intake-reports/${encodeURIComponent(id)}/convert`, {});
  }

  link(id: string, caseId: string): Observable<unknown> {
    return this.http.post(`/api/intake-reports/${encodeURIComponent(id)}/link`, { caseId });
  }

  dismiss(id: string, reason: string): Observable<unknown> {
    return this.http.post(`/api/intake-reports/${encodeURIComponent(id)}/dismiss`, { reason });
  }

  message(id: string, body: string): Observable<unknown> {
    return this.http.post(`/api/intake-reports/${encodeURIComponent(id)}/messages`, { body });
  }

  close(id: string): Observable<unknown> {
    return this.http.post(`/api/intake-reports/${encodeURIComponent(id)}/close`, {});
  }

  summary(): Observable<IntakeSummary> {
    return this.http.get<IntakeSummary>('/api/intake-reports/summary');
  }

  /** The case with exactly this reference, among the cases the person may see (the case list's search). */
  async findCase(reference: string): Promise<{ id: string; reference: string } | null> {
    const params = new HttpParams().set('q', reference).set('pageSize', 20);
    const page = await firstValueFrom(this.http.get<{ items: { id: string; reference: string }[] }>('/api/cases', { params }));
    const wanted = reference.trim().toUpperCase();
    return page.items.find((c) => c.reference.toUpperCase() === wanted) ?? null;
  }

  /** The school's poster (QR code and short link of the public page), as the documents module makes it. */
  poster(lang: 'fr' | 'ar'): Observable<HttpResponse<Blob>> {
    return this.http.post('/api/documents/poster', { lang }, { observe: 'response', responseType: 'blob' });
  }
}

/** How many reports wait (the badge in the navigation); asked again after each action and on navigation. */
@Injectable({ providedIn: 'root' })
export class IntakeSummaryStore {
  private readonly api = inject(IntakeApi);
  private readonly value = signal<IntakeSummary | null>(null);
  readonly summary = this.value.asReadonly();
  private lastAsked = 0;

  /** Asks the API (at most every 30 s unless `force`); a failure keeps the last known numbers. */
  refresh(force = false): void {
    const now = Date.now();
    if (!force && now - this.lastAsked < 30_000) return;
    this.lastAsked = now;
    this.api.summary().subscribe({ next: (s) => this.value.set(s), error: () => undefined });
  }

  clear(): void {
    this.value.set(null);
    this.lastAsked = 0;
  }
}
