import regions from '../data/reference/regions.json';
import provinces from '../data/reference/provinces.json';
import levels from '../data/reference/levels.json';
import taxonomy from '../data/reference/taxonomy.json';
import platformGuides from '../data/reference/platforms.json';
import directory from '../data/reference/directory.json';
import gaps from '../data/reference/gaps.json';
import articles from '../data/reference/articles.json';
import schools from '../data/demo/schools.json';
import demoUsers from '../data/demo/users.json';
import demoCases from '../data/demo/cases.json';
import calendar from '../data/reference/calendar.json';

import { scriptedEvents as scriptEvents } from './script';
import type {
  ArticleSeed,
  ArticlesSeed,
  CalendarSeed,
  CaseSeed,
  CyberviolenceType,
  DirectorySeed,
  GapSeed,
  HolidaySeed,
  LevelSeed,
  PlatformGuide,
  PlatformGuidesSeed,
  ProvinceSeed,
  RegionSeed,
  ResolvedDirectoryEntry,
  ScriptedEvent,
  SchoolSeed,
  TaxonomySeed,
  UserSeed,
} from './types';

export * from './types';

/** Reference data: loaded everywhere, production included. Stable ids; applied idempotently. */
export const referenceData = {
  regions: regions as RegionSeed[],
  provinces: provinces as ProvinceSeed[],
  levels: levels as LevelSeed[],
  calendar: calendar as CalendarSeed,
  taxonomy: taxonomy as TaxonomySeed,
  platformGuides: platformGuides as PlatformGuidesSeed,
  directory: directory as DirectorySeed,
  gaps: gaps as GapSeed[],
  articles: articles satisfies ArticlesSeed,
};

/** The calendar of an academy: weekends, national public holidays and that academy's school holidays. */
export function calendarFor(regionCode: string | null): { weekendDays: number[]; utcOffsetMinutes: number; holidays: HolidaySeed[] } {
  const c = referenceData.calendar;
  const school = regionCode ? (c.regions[regionCode]?.schoolHolidays ?? []) : [];
  return { weekendDays: c.weekendDays, utcOffsetMinutes: c.utcOffsetMinutes, holidays: [...c.publicHolidays, ...school] };
}

/**
 * The escalation directory of an academy: national entries, where the academy's entries with the same id replace
 * them, then the academy's own entries. Demo entries are left out unless `includeDemo` is set.
 */
export function directoryFor(
  regionCode: string | null,
  options: { includeDemo?: boolean; directory?: DirectorySeed } = {},
): ResolvedDirectoryEntry[] {
  const d = options.directory ?? referenceData.directory;
  const regional = (regionCode ? (d.regions[regionCode] ?? []) : []).filter((e) => options.includeDemo === true || e.demo !== true);
  const byId = new Map(regional.map((e) => [e.id, e]));
  const merged: ResolvedDirectoryEntry[] = d.national.map((e) => {
    const override = byId.get(e.id);
    return override ? { ...override, region: regionCode ?? undefined } : e;
  });
  for (const e of regional) if (!d.national.some((n) => n.id === e.id)) merged.push({ ...e, region: regionCode ?? undefined });
  return merged;
}

/** A cyberviolence type by its code (the intake `types` option value). */
export function cyberviolenceType(code: string): CyberviolenceType | undefined {
  return referenceData.taxonomy.types.find((t) => t.code === code);
}

/** The knowledge-base articles to show for a case whose types are `types` (an article lists the types it is for). */
export function articlesFor(types: readonly string[]): ArticleSeed[] {
  return referenceData.articles.articles.filter((a) => a.types.some((t) => types.includes(t)));
}

/** The reporting guide of a platform code (PLATFORMS or TAKE_IT_DOWN). */
export function platformGuide(code: string): PlatformGuide | undefined {
  return referenceData.platformGuides.guides.find((g) => g.code === code);
}

/** Demo data: never loaded in production. Every demo account shares one password, printed at start. */
export const demoData = {
  schools: schools as SchoolSeed[],
  password: demoUsers.password,
  users: demoUsers.users as UserSeed[],
  cases: demoCases as CaseSeed[],
};

export { checkSeeds, DEMO_PERIOD, type ProtocolFacts, type Seeds } from './check';

/**
 * The engine events of a demo case's script, in order, after its `case_created` event (which the caller writes
 * from `createdAt` and `createdById`): each action's instant and actor (the user's id and role). Throws on an unknown user.
 */
export function scriptedEvents(c: Pick<CaseSeed, 'createdAt' | 'script'>, users: readonly UserSeed[] = demoData.users): ScriptedEvent[] {
  return scriptEvents(c, users);
}
