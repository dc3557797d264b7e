import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import type { UnitPath } from '../organisation/units';

/**
 * Who sees which statistics (issue #9), in one place:
 *
 * | who | scope | disclosure control |
 * |---|---|---|
 * | principal | their own school | no: exact counts of their own school's cases |
 * | officer | the schools of their unit (an academy, or a direction provinciale) | yes |
 * | admin | their administration scope (national, academy, direction provinciale) | yes |
 * | team_member, coordinator | none: 403 ROLE_NOT_ALLOWED | – |
 *
 * Officers and administrators never see a case or a school: only counts, with cells under the threshold
 * suppressed (statistics/disclosure.ts). A filter on a unit outside the scope is 404 UNIT_NOT_FOUND, never
 * "forbidden": the scope's edges are not revealed. The scope is applied in SQL (statistics.service.ts).
 */
export type StatisticsScope =
  | { kind: 'school'; schoolId: string; suppress: false }
  | { kind: 'province'; provinceId: string; suppress: true }
  | { kind: 'region'; regionId: string; suppress: true }
  | { kind: 'national'; suppress: true };

export const STATISTICS_ROLES: readonly string[] = ['principal', 'officer', 'admin'];

export function statisticsScope(user: SessionUser): StatisticsScope {
  if (!STATISTICS_ROLES.includes(user.role)) throw new DomainError('ROLE_NOT_ALLOWED');
  if (user.role === 'principal') {
    if (!user.schoolId) throw new DomainError('ROLE_NOT_ALLOWED');
    return { kind: 'school', schoolId: user.schoolId, suppress: false };
  }
  if (user.schoolId) throw new DomainError('ROLE_NOT_ALLOWED');
  if (user.provinceId) return { kind: 'province', provinceId: user.provinceId, suppress: true };
  if (user.regionId) return { kind: 'region', regionId: user.regionId, suppress: true };
  return { kind: 'national', suppress: true };
}

/**
 * May a viewer whose scope is the unit `scopeUnit` (with the units above it) filter statistics on `unit` (a
 * region or a province)? Yes when the unit is inside the scope, or contains it (a principal or a provincial
 * officer filtering on their own academy: the result is their own scope anyway). Anything else is 404.
 */
export function filterUnitInScope(scopeUnit: UnitPath, unit: UnitPath): boolean {
  const inside =
    scopeUnit.kind === 'national' ||
    (scopeUnit.kind === 'region' && unit.regionId === scopeUnit.regionId) ||
    (scopeUnit.kind === 'province' && unit.provinceId !== null && unit.provinceId === scopeUnit.provinceId);
  const contains =
    (unit.kind === 'region' && unit.regionId === scopeUnit.regionId) ||
    (unit.kind === 'province' && unit.provinceId === scopeUnit.provinceId);
  return inside || contains;
}

/** The unit (school, province, region or null for national) a statistics scope covers. */
export function scopeUnitId(scope: StatisticsScope): string | null {
  switch (scope.kind) {
    case 'school':
      return scope.schoolId;
    case 'province':
      return scope.provinceId;
    case 'region':
      return scope.regionId;
    case 'national':
      return null;
  }
}
