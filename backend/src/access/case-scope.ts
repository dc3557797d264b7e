import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CaseRecord } from '../cases/case.entities';
import { DomainError } from '../common/domain-error';
import { hydrate, placeholder, selectColumns } from '../database/raw-rows';
import type { SessionUser } from '../common/request-context';
import { assertCan, caseScope, type Action, type CaseSubject } from './policy';

/**
 * Restricted cases (migration 1764200000000): a row in `case_access` marks a case restricted; its members
 * (the people named on the restriction) are rows of `case_access_members`. Lifting the restriction deletes
 * both. Why and by whom is in the case timeline (`access_changed` events), not here.
 */
export const CASE_ACCESS_TABLE = 'case_access';
export const CASE_ACCESS_MEMBERS_TABLE = 'case_access_members';

export interface CaseAccess {
  restricted: boolean;
  memberIds: string[];
}

const OPEN: CaseAccess = { restricted: false, memberIds: [] };

type Escape = (name: string) => string;
const escaper =
  (m: { connection: { driver: { escape(name: string): string } } }): Escape =>
  (name) =>
    m.connection.driver.escape(name);

/**
 * Limits a query on `cases` (under `alias`) to the rows the user may see, in its SQL WHERE: the user's
 * school, and among restricted cases only those the user is named on (the principal sees them all).
 * Throws 403 NO_SCHOOL_SCOPE for people who do not work on cases. Every case query goes through it.
 */
export function scopeCases<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, user: SessionUser): SelectQueryBuilder<T> {
  const scope = caseScope(user);
  const e = escaper(qb);
  const id = `${e(alias)}.${e('id')}`;
  qb.andWhere(`${e(alias)}.${e('schoolId')} = :accessSchoolId`, { accessSchoolId: scope.schoolId });
  if (!scope.seesRestricted) {
    qb.andWhere(
      `(NOT EXISTS (SELECT 1 FROM ${e(CASE_ACCESS_TABLE)} ${e('acc')} WHERE ${e('acc')}.${e('caseId')} = ${id})` +
        ` OR EXISTS (SELECT 1 FROM ${e(CASE_ACCESS_MEMBERS_TABLE)} ${e('accm')}` +
        ` WHERE ${e('accm')}.${e('caseId')} = ${id} AND ${e('accm')}.${e('userId')} = :accessUserId))`,
      { accessUserId: scope.userId },
    );
  }
  return qb;
}

/** The restriction of each case (unrestricted when absent). */
export async function loadCaseAccess(m: EntityManager, caseIds: readonly string[]): Promise<Map<string, CaseAccess>> {
  const out = new Map<string, CaseAccess>();
  const ids = [...new Set(caseIds)];
  if (!ids.length) return out;
  const e = escaper(m);
  const restricted = await m
    .createQueryBuilder()
    .select(`${e('a')}.${e('caseId')}`, 'caseId')
    .from(CASE_ACCESS_TABLE, 'a')
    .where(`${e('a')}.${e('caseId')} IN (:...ids)`, { ids })
    .getRawMany<{ caseId: string }>();
  for (const r of restricted) out.set(r.caseId, { restricted: true, memberIds: [] });
  if (!restricted.length) return out;
  const members = await m
    .createQueryBuilder()
    .select(`${e('m')}.${e('caseId')}`, 'caseId')
    .addSelect(`${e('m')}.${e('userId')}`, 'userId')
    .from(CASE_ACCESS_MEMBERS_TABLE, 'm')
    .where(`${e('m')}.${e('caseId')} IN (:...ids)`, { ids: restricted.map((r) => r.caseId) })
    .orderBy(`${e('m')}.${e('addedAt')}`, 'ASC')
    .addOrderBy(`${e('m')}.${e('userId')}`, 'ASC')
    .getRawMany<{ caseId: string; userId: string }>();
  for (const r of members) out.get(r.caseId)?.memberIds.push(r.userId);
  return out;
}

export async function caseAccessOf(m: EntityManager, caseId: string): Promise<CaseAccess> {
  return (await loadCaseAccess(m, [caseId])).get(caseId) ?? OPEN;
}

/** The policy's view of a case. */
export function caseSubject(record: { schoolId: string }, access: CaseAccess): CaseSubject {
  return { kind: 'Case', schoolId: record.schoolId, restricted: access.restricted, memberIds: access.memberIds };
}

/** Replaces a case's restriction (in the caller's transaction). */
export async function writeCaseAccess(
  m: EntityManager,
  caseId: string,
  change: { restricted: boolean; memberIds: readonly string[]; at: string; byId: string },
): Promise<void> {
  const e = escaper(m);
  for (const table of [CASE_ACCESS_MEMBERS_TABLE, CASE_ACCESS_TABLE]) {
    await m
      .createQueryBuilder()
      .delete()
      .from(table)
      .where(`${e('caseId')} = :caseId`, { caseId })
      .execute();
  }
  if (!change.restricted) return;
  await m
    .createQueryBuilder()
    .insert()
    .into(CASE_ACCESS_TABLE)
    .values({ caseId, restrictedAt: change.at, restrictedById: change.byId })
    .updateEntity(false)
    .execute();
  if (!change.memberIds.length) return;
  await m
    .createQueryBuilder()
    .insert()
    .into(CASE_ACCESS_MEMBERS_TABLE)
    .values(change.memberIds.map((userId) => ({ caseId, userId, addedAt: change.at })))
    .updateEntity(false)
    .execute();
}

/**
 * The case if the user may see it (the scope is in the SQL WHERE) and do `action` to it. A case outside the
 * scope (another school, restricted without the user) is 404 CASE_NOT_FOUND, never "forbidden".
 */
export async function findVisibleCase(
  m: EntityManager,
  user: SessionUser,
  caseId: string,
  action: Action = 'read',
): Promise<{ record: CaseRecord; access: CaseAccess }> {
  const scope = caseScope(user);
  if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw new DomainError('CASE_NOT_FOUND');
  // the same WHERE as scopeCases, as one fixed text (read on every case request: docs/benchmarks.md, api-load), with
  // whether the case is restricted in the same row
  const p = (n: number) => placeholder(m, n);
  const restrictedOnly = scope.seesRestricted
    ? ''
    : ` AND (NOT EXISTS (SELECT 1 FROM "${CASE_ACCESS_TABLE}" "acc" WHERE "acc"."caseId" = "c"."id")` +
      ` OR EXISTS (SELECT 1 FROM "${CASE_ACCESS_MEMBERS_TABLE}" "accm" WHERE "accm"."caseId" = "c"."id" AND "accm"."userId" = ${p(3)}))`;
  const rows = await m.query<Record<string, unknown>[]>(
    `SELECT ${selectColumns(m, CaseRecord, 'c')},` +
      ` (SELECT COUNT(*) FROM "${CASE_ACCESS_TABLE}" "r" WHERE "r"."caseId" = "c"."id") AS "accessRestricted"` +
      ` FROM "cases" "c" WHERE "c"."id" = ${p(1)} AND "c"."schoolId" = ${p(2)}${restrictedOnly}`,
    scope.seesRestricted ? [caseId, scope.schoolId] : [caseId, scope.schoolId, scope.userId],
  );
  if (!rows.length) throw new DomainError('CASE_NOT_FOUND');
  const record = hydrate(m, CaseRecord, rows[0]);
  const access = Number(rows[0].accessRestricted) > 0 ? await caseAccessOf(m, caseId) : OPEN;
  assertCan(user, action, caseSubject(record, access));
  return { record, access };
}
