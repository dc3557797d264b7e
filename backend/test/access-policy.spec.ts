import { assertCan, can, caseScope, type CaseSubject } from '../src/access';
import { DomainError } from '../src/common/domain-error';
import type { SessionUser } from '../src/common/request-context';

const SCHOOL = 's-1';
const user = (role: string, id = `${role}-1`, schoolId: string | null = SCHOOL): SessionUser => ({ id, role, schoolId, regionId: null });
const open: CaseSubject = { kind: 'Case', schoolId: SCHOOL, restricted: false, memberIds: [] };
const restricted: CaseSubject = { kind: 'Case', schoolId: SCHOOL, restricted: true, memberIds: ['team_member-1'] };
const elsewhere: CaseSubject = { ...open, schoolId: 's-2' };

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'other';
  }
}

describe('access policy', () => {
  it('lets school staff work on their school’s cases only; officers and admins on none', () => {
    for (const role of ['team_member', 'coordinator', 'principal']) {
      expect(can(user(role), 'list', 'Case')).toBeTrue();
      expect(can(user(role), 'read', open)).toBeTrue();
      expect(can(user(role), 'update', open)).toBeTrue();
      expect(can(user(role), 'read', elsewhere)).toBeFalse();
    }
    for (const role of ['officer', 'admin']) {
      expect(can(user(role, `${role}-1`, null), 'list', 'Case')).toBeFalse();
      expect(can(user(role, `${role}-1`, SCHOOL), 'read', open)).toBeFalse();
      expect(codeOf(() => caseScope(user(role, `${role}-1`, null)))).toBe('NO_SCHOOL_SCOPE');
    }
    expect(can(null, 'read', 'Knowledge')).toBeFalse();
    expect(can(user('admin', 'a', null), 'read', 'Knowledge')).toBeTrue();
  });

  it('shows a restricted case to its members and the principal only', () => {
    expect(can(user('team_member'), 'read', restricted)).toBeTrue();
    expect(can(user('team_member', 'team_member-2'), 'read', restricted)).toBeFalse();
    expect(can(user('coordinator'), 'read', restricted)).toBeFalse();
    expect(can(user('principal'), 'read', restricted)).toBeTrue();
    expect(caseScope(user('principal')).seesRestricted).toBeTrue();
    expect(caseScope(user('coordinator')).seesRestricted).toBeFalse();
  });

  it('answers 404 outside the scope and 403 for a role that sees the case but may not act', () => {
    expect(codeOf(() => assertCan(user('coordinator'), 'restrict', elsewhere))).toBe('CASE_NOT_FOUND');
    expect(codeOf(() => assertCan(user('coordinator'), 'restrict', restricted))).toBe('CASE_NOT_FOUND');
    expect(codeOf(() => assertCan(user('team_member'), 'restrict', restricted))).toBe('ROLE_NOT_ALLOWED');
    expect(codeOf(() => assertCan(user('coordinator'), 'restrict', open))).toBeNull();
    expect(codeOf(() => assertCan(user('coordinator'), 'migrate', open))).toBe('ROLE_NOT_ALLOWED');
    expect(codeOf(() => assertCan(user('principal'), 'migrate', restricted))).toBeNull();
  });
});
