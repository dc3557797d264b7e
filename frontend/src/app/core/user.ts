import { Lang } from './language';

export type Role = 'team_member' | 'coordinator' | 'principal' | 'officer' | 'admin';

export interface School {
  id: string;
  name: string;
  nameAr: string;
}

/** Two-factor authentication (TOTP) of an account: whether it is set up, and whether the person's role demands it. */
export interface MfaStatus {
  enabled: boolean;
  required: boolean;
}

/** The kinds of unit a membership is held in (the country, an academy, a direction provinciale, a school). */
export type UnitKind = 'national' | 'region' | 'province' | 'school';

/** A unit as the API names it (`id` and `code` are null for the whole country). */
export interface UnitRef {
  kind: UnitKind;
  id: string | null;
  code: string | null;
  nameFr: string;
  nameAr: string;
  nameEn: string;
}

/** One role held in one unit. A person may hold several; a session acts in one at a time. */
export interface Membership {
  id: string;
  role: Role;
  unit: UnitRef;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  locale: Lang;
  school: School | null;
  /** Missing in answers from an API without two-factor authentication: treat as "not enabled, not required". */
  mfa?: MfaStatus;
  /** Every membership of the person (missing in answers from an API without memberships). */
  memberships?: Membership[];
  /** The membership the session acts in (`role` and `school` above are those of this membership). */
  activeMembershipId?: string | null;
}

/** The unit's name in the interface language (French when the other is missing). */
export function unitName(unit: Pick<UnitRef, 'nameFr' | 'nameAr' | 'nameEn'>, lang: Lang): string {
  if (lang === 'ar') return unit.nameAr || unit.nameFr;
  if (lang === 'en') return unit.nameEn || unit.nameFr;
  return unit.nameFr;
}

/** The membership the session acts in, when the API sends memberships. */
export function activeMembership(user: User | null | undefined): Membership | null {
  const memberships = user?.memberships ?? [];
  return memberships.find((m) => m.id === user?.activeMembershipId) ?? null;
}

/** True when the active role is administrator (units and accounts; no case content). */
export function isAdmin(user: User | null | undefined): boolean {
  return user?.role === 'admin';
}

/** The first administration page. */
export const ADMIN_HOME = '/admin/accounts';
/** The first page of the school roles. */
export const SCHOOL_HOME = '/my-work';

/** The first page of the academy and provincial officers (no case files: statistics and transmissions). */
export const OFFICER_HOME = '/transmissions';

/** Where "home" is for this person: the accounts for administrators, the transmissions inbox for officers, "Mon travail" for school staff. */
export function homePath(user: User | null | undefined): string {
  if (isAdmin(user)) return ADMIN_HOME;
  return user?.role === 'officer' ? OFFICER_HOME : SCHOOL_HOME;
}

/** Roles that see statistics (`GET /api/statistics`): principals (their school), officers and administrators (their unit). */
export const STATISTICS_ROLES: readonly Role[] = ['principal', 'officer', 'admin'];

export function canReadStatistics(user: User | null | undefined): boolean {
  return !!user && STATISTICS_ROLES.includes(user.role);
}

/** Roles with an inbox of transmissions (`GET /api/transmissions`): the academy and provincial officers. */
export function canReadTransmissions(user: User | null | undefined): boolean {
  return user?.role === 'officer';
}

/** True when the active role is principal (sends the reports and the school summaries). */
export function isPrincipal(user: User | null | undefined): boolean {
  return user?.role === 'principal';
}

/** True when the person's role demands two-factor authentication and it is not set up yet. */
export function needsMfaEnrolment(user: User | null | undefined): boolean {
  return !!user?.mfa?.required && !user.mfa.enabled;
}

/** Roles that may read the audit log (`GET /api/audit`): principals (their school) and administrators (all). */
export const AUDIT_ROLES: readonly Role[] = ['principal', 'admin'];

/** True when the person may open the audit log ("Journal d'accès"). */
export function canReadAudit(user: User | null | undefined): boolean {
  return !!user && AUDIT_ROLES.includes(user.role);
}
