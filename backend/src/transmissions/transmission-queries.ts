import { referenceData } from '@sanad/seeds';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { scopeTransmissions } from '../access/transmission-scope';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { Province, Region, School } from '../organisation/organisation.entities';
import { Membership } from '../users/membership.entity';
import { User } from '../users/user.entity';
import type { SchoolRef } from './snapshot';
import { Transmission } from './transmission.entities';

/**
 * Of these transmissions, those the user sees, with their reference (for notices). None for people without a
 * transmission scope (team members, coordinators, administrators).
 */
export async function visibleTransmissions(
  db: DataSource | EntityManager,
  user: SessionUser,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const qb = db
    .getRepository(Transmission)
    .createQueryBuilder('t')
    .select(['t.id', 't.reference'])
    .where('t.id IN (:...ids)', { ids: unique });
  try {
    scopeTransmissions(qb, 't', user);
  } catch (e) {
    if (e instanceof DomainError) return new Map();
    throw e;
  }
  return new Map((await qb.getMany()).map((t) => [t.id, t.reference]));
}

/** The schools as transmissions name them: code, names, province, academy, level. */
export async function schoolRefs(m: DataSource | EntityManager, schoolIds: readonly string[]): Promise<Map<string, SchoolRef>> {
  const ids = [...new Set(schoolIds)];
  if (!ids.length) return new Map();
  const schools = await m.getRepository(School).findBy({ id: In(ids) });
  const provinces = await m.getRepository(Province).findBy({ id: In([...new Set(schools.map((s) => s.provinceId))]) });
  const regions = provinces.length ? await m.getRepository(Region).findBy({ id: In([...new Set(provinces.map((p) => p.regionId))]) }) : [];
  const out = new Map<string, SchoolRef>();
  for (const s of schools) {
    const p = provinces.find((x) => x.id === s.provinceId);
    const r = regions.find((x) => x.id === p?.regionId);
    const level = referenceData.levels.find((l) => l.code === s.level)?.label;
    out.set(s.id, {
      id: s.id,
      code: s.code,
      name: { fr: s.nameFr, ar: s.nameAr },
      province: { id: p?.id ?? '', name: { fr: p?.nameFr ?? '', ar: p?.nameAr ?? '', en: p?.nameEn ?? '' } },
      academy: { id: r?.id ?? '', name: { fr: r?.nameFr ?? '', ar: r?.nameAr ?? '', en: r?.nameEn ?? '' } },
      level: { code: s.level, label: level ? { fr: level.fr, ar: level.ar, en: level.en } : { fr: s.level, ar: s.level, en: s.level } },
    });
  }
  return out;
}

/** The active officers who receive a school's transmissions: those of its direction provinciale and of its academy. */
export async function officersOf(m: EntityManager, school: SchoolRef): Promise<string[]> {
  const e = (name: string) => m.connection.driver.escape(name);
  const rows = await m
    .createQueryBuilder(Membership, 'ms')
    .innerJoin(User, 'u', `${e('u')}.${e('id')} = ${e('ms')}.${e('userId')}`)
    .where(`${e('ms')}.${e('role')} = :role`, { role: 'officer' })
    .andWhere(`(${e('ms')}.${e('provinceId')} = :provinceId OR ${e('ms')}.${e('regionId')} = :regionId)`, {
      provinceId: school.province.id,
      regionId: school.academy.id,
    })
    .andWhere(`${e('u')}.${e('active')} = :active`, { active: true })
    .getMany();
  return [...new Set(rows.map((r) => r.userId))];
}
