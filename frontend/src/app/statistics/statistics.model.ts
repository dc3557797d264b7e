/**
 * GET /api/statistics (backend/src/statistics/dto/statistics.dto.ts, docs/statistics.md). For officers and
 * administrators a count from 1 to 4 is suppressed (`reason: 'small'`, shown "<5") and so is any cell that would
 * let it be recomputed (`reason: 'complementary'`, shown "c"); principals see their school's exact counts.
 */
export interface StatCell {
  value: number | null;
  suppressed: boolean;
  reason: 'small' | 'complementary' | null;
}

export interface StatRow extends StatCell {
  /** type, tier, track, level, platform, YYYY-MM, province code, outcome; null: "not yet" */
  key: string | null;
  label?: { fr: string; ar: string; en: string };
}

export interface StatDuration {
  cases: StatCell;
  medianDays: number | null;
  p90Days: number | null;
  suppressed: boolean;
}

export type BreakdownKey =
  | 'type'
  | 'tier'
  | 'track'
  | 'level'
  | 'platform'
  | 'month'
  | 'province'
  | 'followUpOutcome'
  // issue #13: sex of the targets / presumed authors (female, male, mixed; null: not recorded), gender-based marker
  // (yes, no; null: not assessed), AI-facilitated (yes, no) and AI-facilitated cases per month (YYYY-MM)
  | 'targetSex'
  | 'authorSex'
  | 'genderBased'
  | 'aiFacilitated'
  | 'aiTrend';

export interface Statistics {
  scope: { kind: 'school' | 'province' | 'region' | 'national'; unitId: string | null };
  filters: { from: string | null; to: string | null; regionId: string | null; provinceId: string | null; level: string | null };
  /** the academies and provinces inside the viewer's scope, whatever the filters */
  units: { regions: StatUnit[]; provinces: StatUnit[] };
  disclosureControl: boolean;
  threshold: number;
  total: StatCell;
  open: StatCell;
  closed: StatCell;
  schoolsWithCases: StatCell;
  breakdowns: Record<BreakdownKey, StatRow[]>;
  durations: { toTriage: StatDuration; toFirstInterview: StatDuration; toClosure: StatDuration };
  withheld: string[];
  onTime: { stepsDone: StatCell; stepsOnTime: StatCell; share: number | null; suppressed: boolean };
  generatedAt: string;
}

/** An academy or direction provinciale the viewer may filter on. */
export interface StatUnit {
  id: string;
  code: string;
  label: { fr: string; ar: string; en: string };
  regionId: string | null;
}

/** The filters of the page (also in the address, so a view can be shared and printed). */
export interface StatisticsFilters {
  from: string;
  to: string;
  level: string;
  /** an academy (national viewers) or '' */
  regionId: string;
  /** a direction provinciale (academy and national viewers) or '' */
  provinceId: string;
}
