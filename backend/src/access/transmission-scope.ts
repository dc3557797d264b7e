import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { schoolInScopeSql, type AdminScope } from './admin-scope';

/**
 * Who sees which transmissions (issue #9: pseudonymised reports a school sends to its direction provinciale or
 * academy), in one place:
 *
 * | who | sees | may |
 * |---|---|---|
 * | officer of an academy (`regionId`) | transmissions of the schools of the academy's provinces | list (inbox), read, acknowledge, write in the thread, mark handled |
 * | officer of a direction provinciale (`provinceId`) | transmissions of the schools of the province | the same |
 * | principal | their own school's transmissions | transmit a case report or a summary, read, answer in the thread |
 * | team member, coordinator | the case's transmissions from the case page only (`GET /api/cases/:id/transmissions`) | read |
 * | admin | none (403): administrators manage units and accounts, never case content, even pseudonymised | – |
 *
 * A transmission outside the scope is 404 TRANSMISSION_NOT_FOUND, never "forbidden". An officer never gets access
 * to the case itself (policy.ts gives officers no case scope): only the snapshot the principal sent.
 */
export type TransmissionScope =
  { kind: 'officer'; unit: Extract<AdminScope, { kind: 'region' | 'province' }> } | { kind: 'school'; schoolId: string };

export type TransmissionAction = 'list' | 'read' | 'acknowledge' | 'message' | 'handle';

/** The user's transmission scope; 403 ROLE_NOT_ALLOWED for the roles that have none. */
export function transmissionScope(user: SessionUser): TransmissionScope {
  if (user.role === 'officer' && !user.schoolId) {
    if (user.provinceId) return { kind: 'officer', unit: { kind: 'province', regionId: null, provinceId: user.provinceId } };
    if (user.regionId) return { kind: 'officer', unit: { kind: 'region', regionId: user.regionId, provinceId: null } };
  }
  if (user.role === 'principal' && user.schoolId) return { kind: 'school', schoolId: user.schoolId };
  throw new DomainError('ROLE_NOT_ALLOWED');
}

/** May someone with this scope do this to a transmission they see? */
export function canOnTransmission(scope: TransmissionScope, action: TransmissionAction): boolean {
  if (scope.kind === 'officer') return true;
  return action === 'read' || action === 'message';
}

/**
 * Limits a query on `transmissions` (under `alias`) to the rows the user sees, in its SQL WHERE. Throws 403 for
 * roles without a scope, and 403 when the scope sees rows but may not do `action` (the principal's inbox).
 */
export function scopeTransmissions<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  user: SessionUser,
  action: TransmissionAction = 'read',
): SelectQueryBuilder<T> {
  const scope = transmissionScope(user);
  if (action === 'list' && scope.kind !== 'officer') throw new DomainError('ROLE_NOT_ALLOWED');
  const e = (name: string) => qb.connection.driver.escape(name);
  const column = `${e(alias)}.${e('schoolId')}`;
  if (scope.kind === 'school') return qb.andWhere(`${column} = :trSchoolId`, { trSchoolId: scope.schoolId });
  const { sql, params } = schoolInScopeSql(scope.unit, column, e);
  return qb.andWhere(sql, params);
}
