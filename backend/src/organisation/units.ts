import { In, type EntityManager } from 'typeorm';
import type { UnitKind, UnitOfMembership } from '../users/membership.entity';
import { unitKeyOf } from '../users/membership.entity';
import { Province, Region, School } from './organisation.entities';

/** What a school code may be (trimmed): the admin's form checks it, the public report page refuses anything else. */
export const SCHOOL_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$/;

/** A unit as the API shows it: a school, a direction provinciale, an academy, or the whole country. */
export interface UnitRef {
  kind: UnitKind;
  id: string | null;
  code: string | null;
  nameFr: string;
  nameAr: string;
  nameEn: string;
}

export const NATIONAL_UNIT: UnitRef = {
  kind: 'national',
  id: null,
  code: null,
  nameFr: 'Niveau national',
  nameAr: 'المستوى الوطني',
  nameEn: 'National level',
};

/** Where a unit sits: its own id and those of the units above it. */
export interface UnitPath {
  kind: UnitKind;
  id: string | null;
  schoolId: string | null;
  provinceId: string | null;
  regionId: string | null;
}

/** Names of the units of these memberships (or units), keyed by `unitKeyOf`. Unknown ids are left out. */
export async function describeUnits(m: EntityManager, units: readonly UnitOfMembership[]): Promise<Map<string, UnitRef>> {
  const ids = (pick: (u: UnitOfMembership) => string | null) => [...new Set(units.map(pick).filter((x): x is string => !!x))];
  // one after the other: `m` may be a transaction's manager, whose single connection runs one query at a time
  const schools = ids((u) => u.schoolId).length ? await m.findBy(School, { id: In(ids((u) => u.schoolId)) }) : [];
  const provinces = ids((u) => u.provinceId).length ? await m.findBy(Province, { id: In(ids((u) => u.provinceId)) }) : [];
  const regions = ids((u) => u.regionId).length ? await m.findBy(Region, { id: In(ids((u) => u.regionId)) }) : [];
  const out = new Map<string, UnitRef>([['national', NATIONAL_UNIT]]);
  for (const s of schools)
    out.set(unitKeyOf({ schoolId: s.id, provinceId: null, regionId: null }), {
      kind: 'school',
      id: s.id,
      code: s.code,
      nameFr: s.nameFr,
      nameAr: s.nameAr,
      // schools have no English name: the French one is used
      nameEn: s.nameFr,
    });
  for (const p of provinces)
    out.set(unitKeyOf({ schoolId: null, provinceId: p.id, regionId: null }), {
      kind: 'province',
      id: p.id,
      code: p.code,
      nameFr: p.nameFr,
      nameAr: p.nameAr,
      nameEn: p.nameEn,
    });
  for (const r of regions)
    out.set(unitKeyOf({ schoolId: null, provinceId: null, regionId: r.id }), {
      kind: 'region',
      id: r.id,
      code: r.code,
      nameFr: r.nameFr,
      nameAr: r.nameAr,
      nameEn: r.nameEn,
    });
  return out;
}

/** Finds a unit by id (a school, a province or a region; null = national) with the units above it. */
export async function findUnit(m: EntityManager, id: string | null): Promise<UnitPath | null> {
  if (id === null) return { kind: 'national', id: null, schoolId: null, provinceId: null, regionId: null };
  const school = await m.findOneBy(School, { id });
  if (school) {
    const province = await m.findOneByOrFail(Province, { id: school.provinceId });
    return { kind: 'school', id, schoolId: id, provinceId: province.id, regionId: province.regionId };
  }
  const province = await m.findOneBy(Province, { id });
  if (province) return { kind: 'province', id, schoolId: null, provinceId: id, regionId: province.regionId };
  if (await m.existsBy(Region, { id })) return { kind: 'region', id, schoolId: null, provinceId: null, regionId: id };
  return null;
}
