import type { EntityManager } from 'typeorm';
import type { SessionUser } from '../common/request-context';
import { Membership, SCHOOL_ROLES } from './membership.entity';
import { User } from './user.entity';

/**
 * The active staff of a school: one entry per school membership (a person holding two roles in the same
 * school appears twice), as the access rules see them. Optionally only some roles and some people.
 */
export async function schoolStaff(
  m: EntityManager,
  schoolId: string,
  filter: { roles?: readonly string[]; userIds?: readonly string[] } = {},
): Promise<SessionUser[]> {
  const roles = filter.roles ?? SCHOOL_ROLES;
  if (!roles.length || filter.userIds?.length === 0) return [];
  const e = (name: string) => m.connection.driver.escape(name);
  const qb = m
    .createQueryBuilder(Membership, 'ms')
    .innerJoin(User, 'u', `${e('u')}.${e('id')} = ${e('ms')}.${e('userId')}`)
    .where(`${e('ms')}.${e('schoolId')} = :schoolId`, { schoolId })
    .andWhere(`${e('ms')}.${e('role')} IN (:...roles)`, { roles: [...roles] })
    .andWhere(`${e('u')}.${e('active')} = :active`, { active: true })
    .orderBy(`${e('ms')}.${e('createdAt')}`, 'ASC')
    .addOrderBy(`${e('ms')}.${e('id')}`, 'ASC');
  if (filter.userIds) qb.andWhere(`${e('ms')}.${e('userId')} IN (:...ids)`, { ids: [...filter.userIds] });
  const rows = await qb.getMany();
  return rows.map((r) => ({ id: r.userId, role: r.role, schoolId: r.schoolId, provinceId: null, regionId: null, membershipId: r.id }));
}
