import { platformGuide, referenceData } from '@sanad/seeds';
import {
  loadStrings,
  type Label,
  type Names,
  type StatBreakdown,
  type StatBreakdownKey,
  type StatCount,
  type StatisticsData,
  type StatGenderAiKey,
  type StatRow,
  type StatTable,
} from '@sanad/templates/host';
import type { Cell, ProtectedTable } from './disclosure';
import type { StatCellDto, StatisticsDto, StatRowDto } from './dto/statistics.dto';

/**
 * The data of the D13 statistics report (templates/documents/statistics.hbs) from the statistics as the JSON
 * returns them (GET /api/statistics): the very same numbers and the same suppression. Pure: no database, no
 * clock (the organisation names, the level filter, the Ministry table and the day come from the caller).
 */
export interface ReportContext {
  /** the viewer's scope, narrowed by the filters: a school only for a principal (their own) */
  organisation: { academy: Names | null; province: Names | null; school: Names | null };
  /** the label of the school level filter, null for all levels */
  level: Label | null;
  /** today (YYYY-MM-DD, Moroccan time): the end of the period when `to` is not filtered */
  today: string;
  /** cases by Ministry category (rows in the order of the taxonomy) × open / closed, as in the CSV export */
  marsad: ProtectedTable;
}

/** How a published count is printed: the number, or "<5" (1 to 4) / "c" (complementary) when suppressed. */
export function countOf(cell: StatCellDto | Cell): StatCount {
  if (!cell.suppressed) return { value: cell.value ?? 0, mark: null };
  return { value: null, mark: cell.reason === 'complementary' ? 'c' : '<5' };
}

/** The breakdowns of the report, in the order of the page: the month trend first. */
export const REPORT_BREAKDOWNS: readonly StatBreakdownKey[] = [
  'month',
  'type',
  'platform',
  'tier',
  'track',
  'followUpOutcome',
  'level',
  'province',
];

const LOCALES = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' } as const;
let strings: Record<'fr' | 'ar' | 'en', Record<string, string>> | null = null;

/** A string of the templates' strings files in the three languages (tiers, tracks, follow-up outcomes…). */
function stringLabel(key: string): Label {
  strings ??= { fr: loadStrings('fr'), ar: loadStrings('ar'), en: loadStrings('en') };
  const s = strings;
  return { fr: s.fr[key] ?? key, ar: s.ar[key] ?? key, en: s.en[key] ?? key };
}

const same = (code: string): Label => ({ fr: code, ar: code, en: code });

/** "novembre 2026", "نونبر 2026", "November 2026" for 2026-11. */
export function monthLabel(month: string): Label {
  const day = new Date(`${month}-01T00:00:00Z`);
  if (!/^\d{4}-\d{2}$/.test(month) || Number.isNaN(day.getTime())) return same(month);
  const format = (locale: string) => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(day);
  return { fr: format(LOCALES.fr), ar: format(LOCALES.ar), en: format(LOCALES.en) };
}

/** The label of one cell of a breakdown, in the three languages. */
export function rowLabel(key: StatBreakdownKey, row: StatRowDto): Label {
  const code = row.key;
  if (code === null) {
    if (key === 'tier' || key === 'track' || key === 'followUpOutcome') return stringLabel(`d13.none.${key}`);
    return stringLabel('d13.none.other');
  }
  switch (key) {
    case 'month':
      return monthLabel(code);
    case 'type': {
      const label = referenceData.taxonomy.types.find((t) => t.code === code)?.label;
      return label ? { fr: label.fr, ar: label.ar, en: label.en } : same(code);
    }
    case 'platform': {
      const name = platformGuide(code)?.name;
      return name ? { fr: name.fr, ar: name.ar, en: name.en } : same(code);
    }
    case 'tier':
      return stringLabel(`tier.${code}`);
    case 'track':
      return stringLabel(`track.${code}`);
    case 'followUpOutcome':
      return stringLabel(`followStatus.${code}`);
    case 'level': {
      const label = referenceData.levels.find((l) => l.code === code)?.label;
      return label ? { fr: label.fr, ar: label.ar, en: label.en } : same(code);
    }
    case 'province':
      return row.label ? { fr: row.label.fr, ar: row.label.ar, en: row.label.en } : same(code);
  }
}

/** The tables of the section on gender-based and AI-facilitated cyberviolence (issue #13), in the order of the page. */
export const GENDER_AI_TABLES: readonly StatGenderAiKey[] = ['targetSex', 'authorSex', 'genderBased', 'aiFacilitated'];

/** The label of one row of those tables: a sex group, yes / no, or "not recorded" / "not assessed". */
export function genderAiLabel(key: StatGenderAiKey, code: string | null): Label {
  if (key === 'targetSex' || key === 'authorSex') return stringLabel(code === null ? 'd13.none.sex' : `d13.sex.${code}`);
  if (code === null) return stringLabel(key === 'genderBased' ? 'd13.none.genderBased' : 'd13.none.other');
  return stringLabel(code === 'yes' ? 'yes' : code === 'no' ? 'no' : code);
}

export function statisticsReportData(stats: StatisticsDto, ctx: ReportContext): StatisticsData {
  // provinces: for academy and national viewers only (the JSON has none for the others)
  const keys = REPORT_BREAKDOWNS.filter((k) => k !== 'province' || stats.scope.kind === 'region' || stats.scope.kind === 'national');
  const breakdowns: StatBreakdown[] = keys.map((key) => {
    const withheld = stats.withheld.includes(key);
    const rows: StatRow[] = withheld ? [] : stats.breakdowns[key].map((row) => ({ label: rowLabel(key, row), count: countOf(row) }));
    return { key, rows, withheld };
  });
  const tables: StatTable[] = GENDER_AI_TABLES.map((key) => {
    const withheld = stats.withheld.includes(key);
    const rows = withheld ? [] : stats.breakdowns[key].map((row) => ({ label: genderAiLabel(key, row.key), count: countOf(row) }));
    return { key, rows, withheld };
  });
  const trendWithheld = stats.withheld.includes('aiTrend');
  const trend = {
    withheld: trendWithheld,
    rows: trendWithheld ? [] : stats.breakdowns.aiTrend.map((row) => ({ label: rowLabel('month', row), count: countOf(row) })),
  };
  const categories = referenceData.taxonomy.ministryCategories;
  const { marsad } = ctx;
  const share = stats.onTime.share;
  return {
    organisation: ctx.organisation,
    period: { from: stats.filters.from, to: stats.filters.to ?? ctx.today },
    level: ctx.level,
    issuedAt: stats.generatedAt,
    controlled: stats.disclosureControl,
    totals: {
      total: countOf(stats.total),
      open: countOf(stats.open),
      closed: countOf(stats.closed),
      schoolsWithCases: countOf(stats.schoolsWithCases),
    },
    statusWithheld: stats.withheld.includes('status'),
    durations: (['toTriage', 'toFirstInterview', 'toClosure'] as const).map((key) => {
      const d = stats.durations[key];
      return { key, cases: countOf(d.cases), medianDays: d.medianDays, p90Days: d.p90Days, suppressed: d.suppressed };
    }),
    onTime: {
      stepsDone: countOf(stats.onTime.stepsDone),
      stepsOnTime: countOf(stats.onTime.stepsOnTime),
      percent: stats.onTime.suppressed || share === null ? null : Math.round(share * 1000) / 10,
      suppressed: stats.onTime.suppressed,
    },
    breakdowns,
    genderAi: { tables, trend },
    marsad: [
      ...categories.map((c, y) => ({
        label: { fr: c.label.fr, ar: c.label.ar, en: c.label.en },
        cases: countOf(marsad.rowTotals[y]),
        open: countOf(marsad.cells[y][0]),
        closed: countOf(marsad.cells[y][1]),
      })),
      {
        label: stringLabel('d13.total'),
        cases: countOf(marsad.total),
        open: countOf(marsad.columnTotals[0]),
        closed: countOf(marsad.columnTotals[1]),
      },
    ],
  };
}
