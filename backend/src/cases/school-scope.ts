import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';

/** Access rule for every case query: staff of a school work on that school's cases only. */
export function schoolScope(user: SessionUser): string {
  if (!user.schoolId || !['team_member', 'coordinator', 'principal'].includes(user.role)) throw new DomainError('NO_SCHOOL_SCOPE');
  return user.schoolId;
}
