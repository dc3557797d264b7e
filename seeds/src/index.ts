import regions from '../data/reference/regions.json';
import provinces from '../data/reference/provinces.json';
import schools from '../data/demo/schools.json';
import demoUsers from '../data/demo/users.json';
import demoCases from '../data/demo/cases.json';
import calendar from '../data/reference/calendar.json';

export interface RegionSeed {
  id: string;
  code: string;
  nameFr: string;
  nameAr: string;
  nameEn: string;
}
export interface ProvinceSeed extends RegionSeed {
  regionId: string;
}
export interface SchoolSeed {
  id: string;
  provinceId: string;
  code: string;
  nameFr: string;
  nameAr: string;
  level: 'primaire' | 'college' | 'lycee';
}
export interface UserSeed {
  id: string;
  email: string;
  displayName: string;
  role: 'team_member' | 'coordinator' | 'principal' | 'officer' | 'admin';
  schoolId: string | null;
  regionId: string | null;
  locale: 'fr' | 'ar' | 'en';
}
export interface CaseSeed {
  id: string;
  schoolId: string;
  reference: string;
  title: string;
  occurredOn: string;
  createdById: string;
  createdAt: string;
}

export interface HolidaySeed {
  from: string;
  to: string;
  label: string;
  approximate?: boolean;
}
export interface CalendarSeed {
  weekendDays: number[];
  utcOffsetMinutes: number;
  publicHolidays: HolidaySeed[];
  /** per academy (region code): its school holiday periods */
  regions: Record<string, { schoolHolidays: HolidaySeed[] }>;
}

/** Reference data: loaded everywhere, production included. Stable ids; applied idempotently. */
export const referenceData = {
  regions: regions as RegionSeed[],
  provinces: provinces as ProvinceSeed[],
  calendar: calendar as CalendarSeed,
};

/** The calendar of an academy: weekends, national public holidays and that academy's school holidays. */
export function calendarFor(regionCode: string | null): { weekendDays: number[]; utcOffsetMinutes: number; holidays: HolidaySeed[] } {
  const c = referenceData.calendar;
  const school = regionCode ? (c.regions[regionCode]?.schoolHolidays ?? []) : [];
  return { weekendDays: c.weekendDays, utcOffsetMinutes: c.utcOffsetMinutes, holidays: [...c.publicHolidays, ...school] };
}

/** Demo data: never loaded in production. Every demo account shares one password, printed at start. */
export const demoData = {
  schools: schools as SchoolSeed[],
  password: demoUsers.password,
  users: demoUsers.users as UserSeed[],
  cases: demoCases as CaseSeed[],
};

export { checkSeeds } from './check';
