import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';

/**
 * The access rules of Sanad, in one place (issue #5). A small CASL-like policy: `can(user, action, subject)`
 * answers for one thing, and the query helpers of `case-scope.ts` apply the same rule in SQL so that a list
 * never even reads a row the user may not see.
 *
 * | who | cases | knowledge, protocols, own notifications |
 * |---|---|---|
 * | team_member, coordinator, principal | their school's cases; a restricted case only if named on it (the principal always) | yes |
 * | officer, admin | none (403 NO_SCHOOL_SCOPE): regional work comes with statistics, not case files | yes |
 * | anonymous | none (401) | no |
 *
 * Reports from the public channel (intake-scope.ts) follow the cases' rule: the school's staff, 404 elsewhere.
 *
 * Within a visible case: every staff member may write (the protocol then decides which role performs which
 * step); restricting and naming who is in charge are for the coordinator and the principal; moving to another protocol version for the
 * principal; placing or releasing a legal hold (docs/retention.md) for the principal. A case outside the
 * user's scope is "not found" (404), never "forbidden": its existence is not revealed.
 */
export const SCHOOL_STAFF_ROLES: readonly string[] = ['team_member', 'coordinator', 'principal'];
/** Who may restrict a case or lift its restriction. */
export const RESTRICTING_ROLES: readonly string[] = ['coordinator', 'principal'];
/** Who sees every restricted case of their school without being named on it. */
export const SEES_RESTRICTED_ROLES: readonly string[] = ['principal'];

/** Who may name the member of the team in charge of a case. */
export const ASSIGNING_ROLES: readonly string[] = ['coordinator', 'principal'];

/**
 * Who may place or release a legal hold on a case (never purged while held, docs/retention.md): the principal, who
 * answers for the school's files and receives the complaints and judicial requests.
 */
export const LEGAL_HOLD_ROLES: readonly string[] = ['principal'];

export type Action = 'list' | 'read' | 'create' | 'update' | 'restrict' | 'assign' | 'migrate' | 'transmit' | 'hold';

/** One case as the policy sees it. */
export interface CaseSubject {
  kind: 'Case';
  schoolId: string;
  restricted: boolean;
  /** the people named on the restriction (ignored when not restricted) */
  memberIds: readonly string[];
}

/** A kind of thing (`'Case'`: cases in general, e.g. listing or opening one), or one case. */
export type Subject = 'Case' | 'Knowledge' | 'Protocol' | 'Notification' | CaseSubject;

export function isSchoolStaff(user: SessionUser): user is SessionUser & { schoolId: string } {
  return user.schoolId !== null && SCHOOL_STAFF_ROLES.includes(user.role);
}

/** May this person (null: nobody signed in) do this to this? */
export function can(user: SessionUser | null | undefined, action: Action, subject: Subject): boolean {
  if (!user) return false;
  switch (subject) {
    case 'Knowledge':
    case 'Protocol':
      return action === 'read' || action === 'list';
    case 'Notification':
      // one's own notices only: the query keeps the user's rows whose case the user may still see
      return action === 'read' || action === 'list' || action === 'update';
    case 'Case':
      return isSchoolStaff(user) && (action === 'list' || action === 'read' || action === 'create');
  }
  if (!isSchoolStaff(user) || user.schoolId !== subject.schoolId) return false;
  const sees = !subject.restricted || SEES_RESTRICTED_ROLES.includes(user.role) || subject.memberIds.includes(user.id);
  if (!sees) return false;
  switch (action) {
    case 'read':
    case 'update':
      return true;
    case 'restrict':
      return RESTRICTING_ROLES.includes(user.role);
    case 'assign':
      return ASSIGNING_ROLES.includes(user.role);
    case 'hold':
      return LEGAL_HOLD_ROLES.includes(user.role);
    case 'migrate':
    case 'transmit': // a pseudonymised report to the direction provinciale / academy (transmission-scope.ts)
      return user.role === 'principal';
    case 'list':
    case 'create':
      return false;
  }
}

/** What every case query is limited to, for a user who may work with cases at all. */
export interface CaseScope {
  userId: string;
  schoolId: string;
  /** sees the school's restricted cases without being named on them */
  seesRestricted: boolean;
}

/** The user's case scope; 403 NO_SCHOOL_SCOPE for people who do not work on a school's cases (officer, admin). */
export function caseScope(user: SessionUser): CaseScope {
  if (!can(user, 'list', 'Case') || !user.schoolId) throw new DomainError('NO_SCHOOL_SCOPE');
  return { userId: user.id, schoolId: user.schoolId, seesRestricted: SEES_RESTRICTED_ROLES.includes(user.role) };
}

/**
 * Access requests under Law 09-08 (subject-access/, docs/subject-access.md): searching the pupils of the school by
 * name across cases and exporting everything held about one of them is for the principal only (the head of the
 * school answers for its data, and is the one person who sees every case, restricted ones included, so the export
 * is complete). Other staff: 403 ROLE_NOT_ALLOWED; officers and administrators: 403 NO_SCHOOL_SCOPE.
 */
export const SUBJECT_ACCESS_ROLES: readonly string[] = ['principal'];

/** The case scope of an access request (the whole school, restricted cases included), or 403. */
export function subjectAccessScope(user: SessionUser): CaseScope {
  const scope = caseScope(user);
  if (!SUBJECT_ACCESS_ROLES.includes(user.role)) throw new DomainError('ROLE_NOT_ALLOWED');
  return scope;
}

/**
 * Throws unless the user may do `action` to the case: 404 CASE_NOT_FOUND when the user may not even see it
 * (another school, a restricted case they are not named on), 403 ROLE_NOT_ALLOWED when they see it but their
 * role may not do this.
 */
export function assertCan(user: SessionUser, action: Action, subject: CaseSubject): void {
  caseScope(user);
  if (!can(user, 'read', subject)) throw new DomainError('CASE_NOT_FOUND');
  if (!can(user, action, subject)) throw new DomainError('ROLE_NOT_ALLOWED');
}
