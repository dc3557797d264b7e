import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { DueStep } from '../cases/workflow.model';

/** A reminder left by the scheduler (GET /api/notifications). */
export interface AppNotification {
  id: string;
  kind:
    | 'deadline_warning'
    | 'deadline_overdue'
    | 'deadline_escalation'
    | 'step_returned'
    | 'case_assigned'
    | 'danger_reported'
    | 'transmission_submitted'
    | 'transmission_message'
    | 'intake_report'
    | 'intake_report_danger';
  /** null for a notice about a transmission that shows no case (officers, school summaries) */
  caseId: string | null;
  /** the transmission concerned (issue #9): /api/transmissions/:id */
  transmissionId?: string | null;
  /** the report of the intake queue concerned (issue #11): /intake/:id */
  intakeReportId?: string | null;
  reference: string;
  stepId: string | null;
  dueAt: string | null;
  createdAt: string;
  read: boolean;
}

/** The "my work" endpoints of the API. */
@Injectable({ providedIn: 'root' })
export class MyWorkApi {
  private readonly http = inject(HttpClient);

  /** Steps with a deadline that the person (mine) or the school (school) must do, soonest first. */
  due(scope: 'mine' | 'school' = 'mine'): Observable<DueStep[]> {
    return this.http.get<DueStep[]>('/api/cases/due', { params: new HttpParams().set('scope', scope) });
  }

  /** The person's latest reminders, newest first. */
  notifications(): Observable<AppNotification[]> {
    return this.http.get<AppNotification[]>('/api/notifications');
  }

  markRead(id: string): Observable<void> {
    return this.http.post<void>(`/api/notifications/${encodeURIComponent(id)}/read`, null);
  }
}
