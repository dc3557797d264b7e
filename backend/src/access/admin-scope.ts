import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import type { UnitPath } from '../organisation/units';
import type { Role } from '../users/user.entity';

/**
 * What an administrator manages (issue #5): the unit of their active `admin` membership — the whole country,
 * one academy (its provinces and their schools) or one direction provinciale (its schools). The rules:
 *
 * - a unit is in the scope when it is the scope's unit or below it;
 * - an account is visible when at least one of its memberships is in the scope (only those are shown), and
 *   manageable (disable, reset, end sessions) only when all of them are;
 * - `admin` may be granted at or below the administrator's own unit;
 * - administrators see no case content (policy.ts gives them no case scope).
 *
 * The same rules are applied in SQL (`membershipInScopeSql`) so that lists never read rows outside the scope.
 */
export type AdminScope =
  | { kind: 'national'; regionId: null; provinceId: null }
  | { kind: 'region'; regionId: string; provinceId: null }
  | { kind: 'province'; regionId: null; provinceId: string };

/** The administrator's scope; 403 FORBIDDEN for anyone not acting as an administrator. */
export function adminScope(user: SessionUser): AdminScope {
  if (user.role !== 'admin' || user.schoolId) throw new DomainError('FORBIDDEN');
  if (user.provinceId) return { kind: 'province', regionId: null, provinceId: user.provinceId };
  if (user.regionId) return { kind: 'region', regionId: user.regionId, provinceId: null };
  return { kind: 'national', regionId: null, provinceId: null };
}

/** Is this unit (with the units above it) the scope's unit or below it? */
export function unitInScope(scope: AdminScope, unit: UnitPath): boolean {
  switch (scope.kind) {
    case 'national':
      return true;
    case 'region':
      return unit.kind !== 'national' && unit.regionId === scope.regionId;
    case 'province':
      return (unit.kind === 'province' || unit.kind === 'school') && unit.provinceId === scope.provinceId;
  }
}

const DEPTH = { national: 0, region: 1, province: 2, school: 3 } as const;

/** May an administrator of this scope grant `role` in this unit? (`admin` only at or below their own level.) */
export function mayGrant(scope: AdminScope, role: Role, unit: UnitPath): boolean {
  if (!unitInScope(scope, unit)) return false;
  return role !== 'admin' || DEPTH[unit.kind] >= DEPTH[scope.kind];
}

type Escape = (name: string) => string;

/**
 * An SQL condition "the membership row under `alias` is in the scope" (true for national administrators),
 * with its parameters. Subqueries on provinces and schools, so it works the same on SQLite and PostgreSQL.
 */
export function membershipInScopeSql(
  scope: AdminScope,
  alias: string,
  e: Escape,
  /** parameter names start with it: two conditions in one query need two prefixes */
  prefix = 'scope',
): { sql: string; params: Record<string, string> } {
  const col = (c: string) => `${e(alias)}.${e(c)}`;
  const schoolsOfProvinces = (provinces: string) =>
    `SELECT ${e('s')}.${e('id')} FROM ${e('schools')} ${e('s')} WHERE ${e('s')}.${e('provinceId')} IN (${provinces})`;
  switch (scope.kind) {
    case 'national':
      return { sql: '1 = 1', params: {} };
    case 'region': {
      const provinces = `SELECT ${e('p')}.${e('id')} FROM ${e('provinces')} ${e('p')} WHERE ${e('p')}.${e('regionId')} = :${prefix}RegionId`;
      return {
        sql: `(${col('regionId')} = :${prefix}RegionId OR ${col('provinceId')} IN (${provinces}) OR ${col('schoolId')} IN (${schoolsOfProvinces(provinces)}))`,
        params: { [`${prefix}RegionId`]: scope.regionId },
      };
    }
    case 'province':
      return {
        sql: `(${col('provinceId')} = :${prefix}ProvinceId OR ${col('schoolId')} IN (${schoolsOfProvinces(`:${prefix}ProvinceId`)}))`,
        params: { [`${prefix}ProvinceId`]: scope.provinceId },
      };
  }
}

/** An SQL condition "the school id in `column` is in the scope". */
export function schoolInScopeSql(scope: AdminScope, column: string, e: Escape): { sql: string; params: Record<string, string> } {
  switch (scope.kind) {
    case 'national':
      return { sql: '1 = 1', params: {} };
    case 'region':
      return {
        sql:
          `${column} IN (SELECT ${e('s')}.${e('id')} FROM ${e('schools')} ${e('s')} INNER JOIN ${e('provinces')} ${e('p')}` +
          ` ON ${e('p')}.${e('id')} = ${e('s')}.${e('provinceId')} WHERE ${e('p')}.${e('regionId')} = :scopeRegionId)`,
        params: { scopeRegionId: scope.regionId },
      };
    case 'province':
      return {
        sql: `${column} IN (SELECT ${e('s')}.${e('id')} FROM ${e('schools')} ${e('s')} WHERE ${e('s')}.${e('provinceId')} = :scopeProvinceId)`,
        params: { scopeProvinceId: scope.provinceId },
      };
  }
}

export const escaperOf =
  <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Escape =>
  (name) =>
    qb.connection.driver.escape(name);
