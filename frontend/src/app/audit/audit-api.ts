import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** The actions the API records (`backend/src/audit/audit-chain.ts`), in the order the filter lists them. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'case.read',
  'case.list',
  'case.write',
  'evidence.read',
  'export',
  'transmission',
  'role.change',
  'config.change',
  'access.denied',
  'auth.switch_role',
  'account.create',
  'account.disable',
  'account.enable',
  'account.password_link',
  'account.sessions_revoked',
  'unit.change',
  'import',
  'evidence.add',
  'evidence.rejected',
  'evidence.delete',
  'retention.purge',
  'retention.run',
  'intake.read',
  'intake.write',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** Why the hash chain is broken at `brokenAt` (`GET /api/audit/verify`). */
export const BREAK_REASONS = ['missing_entry', 'unexpected_seq', 'prev_hash_mismatch', 'hash_mismatch'] as const;
export type BreakReason = (typeof BREAK_REASONS)[number];

export function isBreakReason(value: unknown): value is BreakReason {
  return typeof value === 'string' && (BREAK_REASONS as readonly string[]).includes(value);
}

export const AUDIT_PAGE_SIZE = 50;

/** Who did it; null when nobody was signed in (a failed sign-in). */
export interface AuditActor {
  id: string | null;
  role: string | null;
}

/** One entry of the audit log. `details` holds ids and codes only (never personal data). */
export interface AuditEntry {
  seq: number;
  id?: string;
  at: string;
  /** One of AUDIT_ACTIONS; kept as a string so an action added later still shows. */
  action: string;
  actor: AuditActor | null;
  schoolId: string | null;
  caseId: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
  /** The client address: only in answers to administrators. */
  ip?: string | null;
}

export interface AuditPage {
  items: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/** Filters of `GET /api/audit`; the days (YYYY-MM-DD) are Moroccan calendar days, both included. */
export interface AuditFilters {
  action?: AuditAction;
  caseId?: string;
  from?: string;
  to?: string;
}

export type AuditVerification =
  { ok: true; count: number; lastHash?: string | null } | { ok: false; count: number; brokenAt: number; reason: string };

/** The audit endpoints of the API (principals: their school; administrators: everything). */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  /** Entries, newest first. 403 `FORBIDDEN` for other roles; 400 `VALIDATION_FAILED` on a bad filter. */
  list(filters: AuditFilters, page = 1, pageSize = AUDIT_PAGE_SIZE): Observable<AuditPage> {
    let params = new HttpParams().set('page', page).set('pageSize', pageSize);
    for (const key of ['action', 'caseId', 'from', 'to'] as const) {
      const value = filters[key];
      if (value) params = params.set(key, value);
    }
    return this.http.get<AuditPage>('/api/audit', { params });
  }

  /** Recomputes the whole hash chain (administrators only). */
  verify(): Observable<AuditVerification> {
    return this.http.get<AuditVerification>('/api/audit/verify');
  }
}
