import { allSteps, findStep, type FactValue, type Localized, type ProtocolDefinition } from '@sanad/protocols';
import type { AcademyReportData, IntervieweeRole } from '@sanad/templates/host';
import { occurrencesOf, type StoredEvent } from '../documents/case-documents';

/**
 * What an officer receives (issue #9), built here and nowhere else, pure (unit-tested in snapshot.spec.ts).
 *
 * A case report carries: the case's code (school code + reference), the school and its units, the school level,
 * dates, tier, track, state, cyberviolence types, platforms, the dates of the steps done, the follow-up outcome,
 * the escalations (which authority, when, a reference number), and the people as pseudonymous codes with their role.
 *
 * It never carries: a name, a class, the case's title (it can name a pupil: the code replaces it), any free text
 * (descriptions, notes, comments, rationales, summaries), any evidence, any staff identity. Only values from the
 * protocol's lists (option codes and their labels), dates, numbers and codes are copied; a free-text answer is
 * never read.
 */
export interface SchoolRef {
  id: string;
  code: string;
  name: { fr: string; ar: string };
  province: { id: string; name: Localized };
  academy: { id: string; name: Localized };
  level: { code: string; label: Localized };
}

export interface CodeLabel {
  code: string;
  label: Localized;
}

export interface CaseSnapshot {
  type: 'case_report';
  kind: string;
  kindLabel: Localized;
  /** `<school code>-<case reference>`: the only name of the case outside the school */
  caseCode: string;
  school: SchoolRef;
  occurredOn: string;
  openedAt: string;
  closedAt: string | null;
  tier: string | null;
  track: string | null;
  state: { id: string; label: Localized };
  closed: boolean;
  types: CodeLabel[];
  platforms: CodeLabel[];
  /** the last completion of each step done, in order */
  keyDates: { stepId: string; title: Localized; at: string; signedAt: string | null }[];
  /** `situation` of the last follow-up: STOPPED, DECREASED, CONTINUED */
  followUpOutcome: string | null;
  escalations: { stepId: string; authority: Localized; at: string; reference: string | null }[];
  people: { code: string; role: string }[];
}

export interface SummarySnapshot {
  type: 'school_summary';
  period: { id: string; kind: 'month' | 'term'; from: string; to: string; label: Localized };
  school: SchoolRef;
  /** cases reported in the period */
  reported: number;
  /** of those, by tier (T0–T3, `none`: not triaged yet) */
  byTier: { tier: string; count: number }[];
  byType: (CodeLabel & { count: number })[];
  byPlatform: (CodeLabel & { count: number })[];
  /** cases closed (sign-off approved) in the period */
  closed: number;
  /** cases open at the end of the period (reported before its end, not closed by then) */
  openAtEnd: number;
  /** case reports sent to the direction provinciale / academy in the period */
  caseReportsSent: number;
}

/** One case of the school as a summary counts it (no identity, no text). */
export interface SummaryCase {
  createdAt: string;
  tier: string | null;
  typeCodes: string[];
  platformCodes: string[];
  /** when the closure was approved, if the case is closed */
  closedAt: string | null;
}

/** Counts of a school's cases for one period (pure). Days are compared as YYYY-MM-DD, `to` exclusive. */
export function buildSummary(input: {
  period: SummarySnapshot['period'];
  school: SchoolRef;
  cases: SummaryCase[];
  caseReportsSent: number;
  typeLabel: (code: string) => Localized;
  platformLabel: (code: string) => Localized;
}): SummarySnapshot {
  const { from, to } = input.period;
  const inPeriod = (at: string | null) => at !== null && at.slice(0, 10) >= from && at.slice(0, 10) < to;
  const reported = input.cases.filter((c) => inPeriod(c.createdAt));
  const count = (codes: string[][]) => {
    const m = new Map<string, number>();
    for (const c of codes.flat()) m.set(c, (m.get(c) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  const tiers = ['T0', 'T1', 'T2', 'T3', 'none'];
  return {
    type: 'school_summary',
    period: input.period,
    school: input.school,
    reported: reported.length,
    byTier: tiers.map((tier) => ({ tier, count: reported.filter((c) => (c.tier ?? 'none') === tier).length })),
    byType: count(reported.map((c) => c.typeCodes)).map(([code, n]) => ({ code, label: input.typeLabel(code), count: n })),
    byPlatform: count(reported.map((c) => c.platformCodes)).map(([code, n]) => ({ code, label: input.platformLabel(code), count: n })),
    closed: input.cases.filter((c) => inPeriod(c.closedAt)).length,
    openAtEnd: input.cases.filter((c) => c.createdAt.slice(0, 10) < to && (c.closedAt === null || c.closedAt.slice(0, 10) >= to)).length,
    caseReportsSent: input.caseReportsSent,
  };
}

export interface CaseSnapshotInput {
  kind: string;
  kindLabel: Localized;
  school: SchoolRef;
  record: { reference: string; occurredOn: string; createdAt: string; state: string };
  definition: ProtocolDefinition;
  facts: Record<string, FactValue>;
  closed: boolean;
  events: StoredEvent[];
  /** the case's people registry (removed people left out): code and role only are kept */
  people: { code: string; role: string }[];
  /** the academy report (documents module): tier and track as the documents compute them */
  report: Pick<AcademyReportData, 'case'>;
  platformLabel: (code: string) => Localized | undefined;
}

/** Steps whose occurrences are escalations outside the school, and the answer that names the authority. */
const ESCALATIONS: Record<string, { field: string | null; at: string }> = {
  authorities_alert: { field: 'channels', at: 'alertedAt' },
  child_protection_referral: { field: 'channel', at: 'referredAt' },
  authority_referral: { field: 'authority', at: 'referredAt' },
  // the colleague or service is free text: a generic label only
  staff_referral: { field: null, at: 'referredOn' },
};
const OTHER_AUTHORITY: Localized = { fr: 'Autorité compétente', ar: 'السلطة المختصة', en: 'Competent authority' };
const FOLLOW_UPS = ['followup_1', 'followup_2', 'checkpoint_4w', 'checkpoint_8w', 'extra_followup', 'educational_followup'];
/** a reference number (PV, e-Blagh ticket…): letters, digits and separators, with at least one digit; else dropped */
const REFERENCE = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9 ./_-]{0,39}$/;

const list = (v: FactValue | undefined): string[] => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []);
const str = (v: FactValue | undefined): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const same = (s: string): Localized => ({ fr: s, ar: s, en: s });
const loc = (l: Localized): Localized => ({ fr: l.fr, ar: l.ar, en: l.en });
/** a date or instant answer, as it is (never free text: anything else is left out) */
const when = (v: FactValue | undefined): string | null => {
  const s = str(v);
  return s && /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+Z?)?$/.test(s) ? s : null;
};

function option(def: ProtocolDefinition, stepId: string, fieldId: string, value: string): Localized {
  const field = findStep(def, stepId)?.form?.fields.find((f) => f.id === fieldId);
  const opt = field?.options?.find((o) => o.value === value);
  return opt ? loc(opt.label) : same(value);
}

/** Is the field a choice (its values are codes of the protocol, never free text)? */
function isChoice(def: ProtocolDefinition, stepId: string, fieldId: string): boolean {
  const type = findStep(def, stepId)?.form?.fields.find((f) => f.id === fieldId)?.type;
  return type === 'choice' || type === 'multiChoice' || type === 'platform';
}

export function buildCaseSnapshot(input: CaseSnapshotInput): CaseSnapshot {
  const { definition: def, record, facts } = input;
  const occurrences = occurrencesOf(input.events);
  const last = new Map<string, (typeof occurrences)[number]>();
  for (const o of occurrences) last.set(o.stepId, o);
  const order = new Map(allSteps(def).map((s, i) => [s.id, i]));
  const stateDef = def.states.find((s) => s.id === record.state);
  const intakeTypes = isChoice(def, 'intake', 'types') ? list(facts.types) : [];
  const closure = [...occurrences].reverse().find((o) => o.stepId === 'closure_signoff' && o.answers.decision === 'APPROVE');
  const followUp = [...occurrences].reverse().find((o) => FOLLOW_UPS.includes(o.stepId) && str(o.answers.situation));
  const situation = followUp ? str(followUp.answers.situation) : null;

  const escalations: CaseSnapshot['escalations'] = [];
  for (const o of occurrences) {
    const rule = ESCALATIONS[o.stepId];
    if (!rule) continue;
    const at = when(o.answers[rule.at]) ?? o.at;
    const reference = o.stepId === 'authorities_alert' ? str(o.answers.reference) : null;
    const safeReference = reference && REFERENCE.test(reference) ? reference : null;
    const values = rule.field && isChoice(def, o.stepId, rule.field) ? list(o.answers[rule.field]) : [];
    if (!values.length) escalations.push({ stepId: o.stepId, authority: OTHER_AUTHORITY, at, reference: safeReference });
    for (const v of values)
      escalations.push({ stepId: o.stepId, authority: option(def, o.stepId, rule.field!, v), at, reference: safeReference });
  }

  return {
    type: 'case_report',
    kind: input.kind,
    kindLabel: loc(input.kindLabel),
    caseCode: `${input.school.code}-${record.reference}`,
    school: input.school,
    occurredOn: record.occurredOn,
    openedAt: record.createdAt.slice(0, 10),
    closedAt: input.closed && closure ? closure.at.slice(0, 10) : null,
    tier: input.report.case.tier ?? null,
    track: input.report.case.track ?? null,
    state: { id: record.state, label: stateDef ? loc(stateDef.label) : same(record.state) },
    closed: input.closed,
    types: intakeTypes.map((code) => ({ code, label: option(def, 'intake', 'types', code) })),
    platforms: list(facts.platforms).map((code) => ({ code, label: input.platformLabel(code) ?? same(code) })),
    keyDates: [...last.values()]
      .sort((a, b) => (order.get(a.stepId) ?? 0) - (order.get(b.stepId) ?? 0) || a.seq - b.seq)
      .map((o) => ({
        stepId: o.stepId,
        title: loc(findStep(def, o.stepId)?.title ?? same(o.stepId)),
        at: o.at,
        signedAt: o.signedAt,
      })),
    followUpOutcome: situation && ['STOPPED', 'DECREASED', 'CONTINUED'].includes(situation) ? situation : null,
    escalations,
    people: input.people.map((p) => ({ code: p.code, role: p.role })),
  };
}

const ROLE_IN_REPORT: Record<string, IntervieweeRole | undefined> = { target: 'TARGET', author: 'PRESUMED_AUTHOR', witness: 'WITNESS' };

/**
 * The academy report as sent: the documents module's data, with the people of the registry (codes only) when
 * the case has some, and never a summary or outcome text.
 */
export function reportAsSent(report: AcademyReportData, people: { code: string; role: string }[]): AcademyReportData {
  const registered = people.flatMap((p) => {
    const role = ROLE_IN_REPORT[p.role];
    return role ? [{ code: p.code, role }] : [];
  });
  return { ...report, people: registered.length ? registered : report.people, summary: null, outcome: null };
}
