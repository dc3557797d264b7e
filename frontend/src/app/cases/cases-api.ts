import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { CaseFilters, filtersToHttpParams } from './case-list/case-filters';
import { CaseSummary, NewCase, Page, StaffMember } from './case.model';
import { CaseDetail, StepAnswers, TimelineEvent } from './workflow.model';

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

  /** The cases matching the filters (search, state, tier…), sorted and paginated by the API. */
  search(filters: CaseFilters, pageSize = DEFAULT_PAGE_SIZE): Observable<Page<CaseSummary>> {
    return this.http.get<Page<CaseSummary>>('/api/cases', { params: filtersToHttpParams(filters, pageSize) });
  }

  create(body: NewCase): Observable<CaseSummary> {
    return this.http.post<CaseSummary>('/api/cases', body);
  }

  /** A case with its steps as the protocol engine computes them now. 404 CASE_NOT_FOUND for another school's case. */
  detail(id: string): Observable<CaseDetail> {
    return this.http.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`);
  }

  /** Every event of the case, oldest first. */
  timeline(id: string): Observable<TimelineEvent[]> {
    return this.http.get<TimelineEvent[]>(`/api/cases/${encodeURIComponent(id)}/timeline`);
  }

  /** Completes a step. 400 VALIDATION_FAILED, 409 CONFLICT (stale expectedSeq), 422 PROTOCOL_RULE, 403 ROLE_NOT_ALLOWED. */
  completeStep(id: string, stepId: string, expectedSeq: number, answers: StepAnswers, checklist: string[]): Observable<CaseDetail> {
    return this.http.post<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/steps/${encodeURIComponent(stepId)}`, {
      expectedSeq,
      answers,
      checklist,
    });
  }

  /** Second signature (or sign-off) of a step awaiting it. */
  signStep(id: string, stepId: string, expectedSeq: number, comment?: string): Observable<CaseDetail> {
    return this.http.post<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/steps/${encodeURIComponent(stepId)}/signature`, {
      expectedSeq,
      ...(comment ? { comment } : {}),
    });
  }

  /** The school's team: who may be put in charge of a case. */
  staff(): Observable<StaffMember[]> {
    return this.http.get<StaffMember[]>('/api/cases/staff');
  }

  /** Puts a member of the team in charge of the case (null: nobody). Coordinator or principal. */
  assign(id: string, expectedSeq: number, assigneeId: string | null): Observable<CaseDetail> {
    return this.http.put<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/assignee`, { expectedSeq, assigneeId });
  }

  /** Places a legal hold (the principal): never purged while held. 409 LEGAL_HOLD_ALREADY_PLACED, 409 CONFLICT. */
  placeLegalHold(id: string, body: { expectedSeq: number; reason: string }): Observable<CaseDetail> {
    return this.http.put<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/legal-hold`, body);
  }

  /** Releases the legal hold (or the automatic hold of an authorities alert). 409 LEGAL_HOLD_NOT_PLACED, 409 CONFLICT. */
  releaseLegalHold(id: string, body: { expectedSeq: number; reason: string }): Observable<CaseDetail> {
    return this.http.delete<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/legal-hold`, { body });
  }

  /** Restricts the case to named colleagues (the principal always sees it), or opens it to the team again. */
  restrict(id: string, change: { expectedSeq: number; restricted: boolean; members: string[]; reason: string }): Observable<CaseDetail> {
    return this.http.put<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/restriction`, change);
  }

  /** The co-signer sends the step back to be done again, saying why (instead of signing). */
  returnStep(id: string, stepId: string, expectedSeq: number, comment: string): Observable<CaseDetail> {
    return this.http.post<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/steps/${encodeURIComponent(stepId)}/return`, {
      expectedSeq,
      comment,
    });
  }

  addNote(id: string, expectedSeq: number, text: string): Observable<CaseDetail> {
    return this.http.post<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/notes`, { expectedSeq, text });
  }

  reopen(id: string, expectedSeq: number, reason: string): Observable<CaseDetail> {
    return this.http.post<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/reopen`, { expectedSeq, reason });
  }
}
