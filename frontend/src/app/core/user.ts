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

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  locale: Lang;
  school: School | null;
  /** Missing in answers from an API without two-factor authentication: treat as "not enabled, not required". */
  mfa?: MfaStatus;
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
