import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Challenge, FollowUp, NewReport, PublicSchool, ReportReceipt } from './public-report.model';

/** The public endpoints (no account): a school's page, the proof-of-work challenge, the report and its follow-up. */
@Injectable({ providedIn: 'root' })
export class PublicReportApi {
  private readonly http = inject(HttpClient);

  school(code: string): Observable<PublicSchool> {
    return this.http.get<PublicSchool>(`/api/public/schools/${encodeURIComponent(code)}`);
  }

  challenge(schoolCode: string): Observable<Challenge> {
    return this.http.get<Challenge>('/api/public/challenge', { params: { school: schoolCode } });
  }

  submit(schoolCode: string, report: NewReport): Observable<ReportReceipt> {
    return this.http.post<ReportReceipt>(`/api/public/schools/${encodeURIComponent(schoolCode)}/reports`, report);
  }

  followUp(reportCode: string, passcode: string): Observable<FollowUp> {
    return this.http.post<FollowUp>('/api/public/follow-up', { reportCode, passcode });
  }

  reply(reportCode: string, passcode: string, body: string): Observable<FollowUp> {
    return this.http.post<FollowUp>('/api/public/follow-up/messages', { reportCode, passcode, body });
  }
}
