import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { SessionUser } from '../common/request-context';
import { caseScope } from './policy';

/**
 * Reports from the public channel (issue #11, docs/public-reporting.md) waiting in a school's intake queue: the
 * school's resource team (team members, coordinators) and its principal see and handle them, as they open cases;
 * officers and administrators get 403 NO_SCHOOL_SCOPE; another school's report is 404 INTAKE_REPORT_NOT_FOUND,
 * because every query carries the school in its WHERE (`scopeIntakeReports`).
 */
export function intakeScope(user: SessionUser): { userId: string; schoolId: string } {
  const { userId, schoolId } = caseScope(user);
  return { userId, schoolId };
}

/** Limits a query on `intake_reports` (under `alias`) to the user's school. */
export function scopeIntakeReports<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  user: SessionUser,
): SelectQueryBuilder<T> {
  const { schoolId } = intakeScope(user);
  return qb.andWhere(`${alias}.schoolId = :intakeSchoolId`, { intakeSchoolId: schoolId });
}
