import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { Lang } from '../core/language';
import { Membership, Role, UnitRef } from '../core/user';

/** Shapes of `docs/administration.md` (the contract of `/api/admin/*`). */

export type SchoolLevel = 'primaire' | 'college' | 'lycee';
export const SCHOOL_LEVELS: readonly SchoolLevel[] = ['primaire', 'college', 'lycee'];

export const ROLES: readonly Role[] = ['team_member', 'coordinator', 'principal', 'officer', 'admin'];

export interface AdminMembership extends Membership {
  /** Inside the caller's scope (it may be removed). */
  manageable: boolean;
}

export interface AdminUser {
  id: string;
  email: string;
  displayName: string;
  locale: Lang;
  active: boolean;
  mfaEnabled: boolean;
  createdAt: string;
  /** Only the memberships inside the caller's scope. */
  memberships: AdminMembership[];
  /** How many memberships are outside it (not shown). */
  otherMemberships: number;
  /** Every membership is inside the scope: the account may be disabled, reset, signed out. */
  manageable: boolean;
}

export interface AdminSchool {
  id: string;
  code: string;
  nameFr: string;
  nameAr: string;
  level: SchoolLevel;
  provinceId: string;
}

export interface PasswordLink {
  url: string;
  expiresAt: string;
  emailed: boolean;
}

export interface ProvinceNode extends UnitRef {
  /** How many schools the province has. */
  schools: number;
}

export interface RegionNode extends UnitRef {
  provinces: ProvinceNode[];
}

/** `GET /api/admin/units`: the scope of the administrator and its regions and provinces. */
export interface UnitTree {
  scope: UnitRef;
  regions: RegionNode[];
}

export interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface UserFilters {
  q?: string;
  unitId?: string;
  role?: Role;
  active?: boolean;
}

export interface SchoolFilters {
  provinceId?: string;
  q?: string;
}

export interface NewAccount {
  email: string;
  displayName: string;
  locale: Lang;
  role: Role;
  /** null: the whole country (administrators only). */
  unitId: string | null;
}

export interface SchoolInput {
  code: string;
  nameFr: string;
  nameAr: string;
  level: SchoolLevel;
  provinceId: string;
}

export type ImportFileName = 'schools' | 'staff';

export interface ImportRejection {
  file: ImportFileName;
  line: number;
  column: string | null;
  code: string;
  reason: string;
}

export interface ImportFileSummary {
  rows: number;
  valid: number;
  created: number;
  existing: number;
  rejected: number;
}

export interface ImportInvite {
  line: number;
  email: string;
  displayName: string;
  role: Role;
  schoolCode: string | null;
  regionCode: string | null;
  locale: Lang;
  url: string;
  expiresAt: string;
}

export interface ImportReport {
  dryRun: boolean;
  skipInvalid?: boolean;
  written: boolean;
  fileRejected: boolean;
  schools: ImportFileSummary;
  staff: ImportFileSummary;
  rejections: ImportRejection[];
  existing: { file: ImportFileName; line: number; key: string }[];
  invites: ImportInvite[];
}

export interface ImportRequest {
  schoolsCsv?: string;
  staffCsv?: string;
  dryRun: boolean;
  skipInvalid: boolean;
}

export const USERS_PAGE_SIZE = 50;
export const SCHOOLS_PAGE_SIZE = 50;

/** The administration endpoints (`/api/admin/*`: 403 `FORBIDDEN` unless the active membership is `admin`). */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  units(): Observable<UnitTree> {
    return this.http.get<UnitTree>('/api/admin/units');
  }

  schools(filters: SchoolFilters, page = 1, pageSize = SCHOOLS_PAGE_SIZE): Observable<PageOf<AdminSchool>> {
    let params = new HttpParams().set('page', page).set('pageSize', pageSize);
    if (filters.provinceId) params = params.set('provinceId', filters.provinceId);
    if (filters.q) params = params.set('q', filters.q);
    return this.http.get<PageOf<AdminSchool>>('/api/admin/schools', { params });
  }

  createSchool(body: SchoolInput): Observable<AdminSchool> {
    return this.http.post<AdminSchool>('/api/admin/schools', body);
  }

  updateSchool(id: string, body: Partial<Pick<SchoolInput, 'nameFr' | 'nameAr' | 'level'>>): Observable<AdminSchool> {
    return this.http.patch<AdminSchool>(`/api/admin/schools/${encodeURIComponent(id)}`, body);
  }

  users(filters: UserFilters, page = 1, pageSize = USERS_PAGE_SIZE): Observable<PageOf<AdminUser>> {
    let params = new HttpParams().set('page', page).set('pageSize', pageSize);
    if (filters.q) params = params.set('q', filters.q);
    if (filters.unitId) params = params.set('unitId', filters.unitId);
    if (filters.role) params = params.set('role', filters.role);
    if (filters.active !== undefined) params = params.set('active', String(filters.active));
    return this.http.get<PageOf<AdminUser>>('/api/admin/users', { params });
  }

  user(id: string): Observable<AdminUser> {
    return this.http.get<AdminUser>(`/api/admin/users/${encodeURIComponent(id)}`);
  }

  createUser(body: NewAccount): Observable<{ user: AdminUser; link: PasswordLink }> {
    return this.http.post<{ user: AdminUser; link: PasswordLink }>('/api/admin/users', body);
  }

  addMembership(userId: string, body: { role: Role; unitId: string | null }): Observable<AdminMembership> {
    return this.http.post<AdminMembership>(`/api/admin/users/${encodeURIComponent(userId)}/memberships`, body);
  }

  removeMembership(userId: string, membershipId: string): Observable<void> {
    return this.http.delete<void>(`/api/admin/users/${encodeURIComponent(userId)}/memberships/${encodeURIComponent(membershipId)}`);
  }

  passwordLink(userId: string, purpose: 'invite' | 'reset'): Observable<PasswordLink> {
    return this.http.post<PasswordLink>(`/api/admin/users/${encodeURIComponent(userId)}/password-link`, { purpose });
  }

  setActive(userId: string, active: boolean): Observable<void> {
    return this.http.post<void>(`/api/admin/users/${encodeURIComponent(userId)}/${active ? 'enable' : 'disable'}`, {});
  }

  revokeSessions(userId: string): Observable<{ revoked: number }> {
    return this.http.post<{ revoked: number }>(`/api/admin/users/${encodeURIComponent(userId)}/sessions/revoke`, {});
  }

  import(body: ImportRequest): Observable<ImportReport> {
    return this.http.post<ImportReport>('/api/admin/import', body);
  }
}
