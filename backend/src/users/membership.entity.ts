import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, INSTANT } from '../database/columns';
import type { Role } from './user.entity';

export type UnitKind = 'national' | 'region' | 'province' | 'school';

/** The roles held in a school, and the units each role may be held in. */
export const SCHOOL_ROLES: readonly Role[] = ['team_member', 'coordinator', 'principal'];
export const UNIT_KINDS_OF_ROLE: Record<Role, readonly UnitKind[]> = {
  team_member: ['school'],
  coordinator: ['school'],
  principal: ['school'],
  officer: ['province', 'region'],
  admin: ['province', 'region', 'national'],
};

/**
 * A role held by a person in a unit (issue #5: "a person can hold roles in more than one unit"). Exactly the
 * column of the unit's kind is set (none for `national`); `unitKey` (`school:<id>`, `province:<id>`,
 * `region:<id>`, `national`) makes (user, role, unit) unique and gives each school at most one principal.
 */
@Entity('memberships')
export class Membership {
  @PrimaryColumn(ID) id: string;
  @Column(ID) userId: string;
  @Column({ type: 'varchar', length: 20 }) role: Role;
  @Column({ ...ID, nullable: true }) schoolId: string | null;
  @Column({ ...ID, nullable: true }) provinceId: string | null;
  @Column({ ...ID, nullable: true }) regionId: string | null;
  @Column({ type: 'varchar', length: 50 }) unitKey: string;
  @Column(INSTANT) createdAt: string;
}

export interface UnitOfMembership {
  schoolId: string | null;
  provinceId: string | null;
  regionId: string | null;
}

export function unitKind(u: UnitOfMembership): UnitKind {
  return u.schoolId ? 'school' : u.provinceId ? 'province' : u.regionId ? 'region' : 'national';
}

export function unitKeyOf(u: UnitOfMembership): string {
  const kind = unitKind(u);
  return kind === 'national' ? 'national' : `${kind}:${u.schoolId ?? u.provinceId ?? u.regionId}`;
}

/** A membership row for a role in a unit (exactly one of the ids, or none for national). */
export function membershipRow(id: string, userId: string, role: Role, unit: Partial<UnitOfMembership>, createdAt: string): Membership {
  const u = { schoolId: unit.schoolId ?? null, provinceId: unit.provinceId ?? null, regionId: unit.regionId ?? null };
  return { id, userId, role, ...u, unitKey: unitKeyOf(u), createdAt };
}
