import { allSteps, findStep, type CaseState, type ProtocolDefinition } from '@sanad/protocols';
import type { CaseRecord, OpenStep } from './case.entities';

/**
 * The columns of a case row that are computed from its events (the projection), in one place: written after
 * every event, at creation and by the demo seeding, and rebuilt at start-up for rows of an older
 * PROJECTION_VERSION (see refreshProjections). Lists filter and sort on them in SQL.
 */
export const PROJECTION_VERSION = 3;

export type Projection = Pick<
  CaseRecord,
  'state' | 'openSteps' | 'nextDueAt' | 'tier' | 'typeCodes' | 'platformCodes' | 'reviewSteps' | 'projectionVersion'
> &
  StatisticsColumns &
  GenderColumns;

/** `|A|B|` (so that `LIKE '%|A|%'` finds one code), or null when empty. */
export function codeList(value: unknown): string | null {
  const codes = (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
    .map(String)
    .filter((c) => /^[A-Za-z0-9_]{1,40}$/.test(c));
  return codes.length ? `|${[...new Set(codes)].sort().join('|')}|` : null;
}

/** The open steps of a computed state, with deadlines and who acts: stored on the case row for due lists. */
export function openStepsOf(def: ProtocolDefinition, state: CaseState): OpenStep[] {
  if (state.closed) return [];
  return state.steps
    .filter((v) => v.actionable || v.status === 'awaiting_signature')
    .filter((v) => v.dueAt !== undefined)
    .map((v) => {
      const step = findStep(def, v.stepId);
      const open: OpenStep = { stepId: v.stepId, roles: v.signatureRole ? [v.signatureRole] : (step?.roles ?? []) };
      if (v.dueAt) open.dueAt = v.dueAt;
      if (v.warnAt) open.warnAt = v.warnAt;
      if (v.escalateAt) open.escalateAt = v.escalateAt;
      if (step?.deadline?.escalateAfter) open.escalate = step.deadline.escalateAfter.notify;
      return open;
    });
}

/**
 * Steps waiting for the principal's decision: a second signature the principal must give (triage, escalation…),
 * or a step only the principal performs (review, closure sign-off).
 */
export function principalReviewSteps(def: ProtocolDefinition, state: CaseState): string[] {
  if (state.closed) return [];
  return state.steps
    .filter(
      (v) =>
        (v.status === 'awaiting_signature' && v.signatureRole === 'principal') ||
        (v.actionable && v.status !== 'awaiting_signature' && (findStep(def, v.stepId)?.roles ?? []).join() === 'principal'),
    )
    .map((v) => v.stepId);
}

export function projectionOf(def: ProtocolDefinition, state: CaseState, fallbackState: string): Projection {
  const open = openStepsOf(def, state);
  const tier = state.facts.tier;
  return {
    state: state.state ?? fallbackState,
    openSteps: open,
    nextDueAt:
      open
        .map((o) => o.dueAt)
        .filter((d): d is string => Boolean(d))
        .sort()[0] ?? null,
    tier: typeof tier === 'string' && /^T[0-3]$/.test(tier) ? tier : null,
    typeCodes: codeList(state.facts.types),
    platformCodes: codeList(state.facts.platforms),
    reviewSteps: codeList(principalReviewSteps(def, state)),
    ...statisticsOf(def, state),
    ...genderColumnsOf(state),
    projectionVersion: PROJECTION_VERSION,
  };
}

// --- statistics (issue #9): what the academy dashboards group and time on, so they never replay events ---

export type StatisticsColumns = Pick<
  CaseRecord,
  | 'track'
  | 'reportDay'
  | 'triagedAt'
  | 'firstInterviewAt'
  | 'closedAt'
  | 'triageDays'
  | 'interviewDays'
  | 'closureDays'
  | 'followUpOutcome'
  | 'stepsDue'
  | 'stepsOnTime'
>;

export const TRACKS = ['EDUCATIONAL', 'MPP', 'FORMAL', 'EMERGENCY'] as const;
export const FOLLOW_UP_OUTCOMES = ['STOPPED', 'DECREASED', 'CONTINUED'] as const;
const TRIAGE_STEP = 'triage';
const INTERVIEW_STEP = 'target_interview';
const EMERGENCY_STATE = 'EMERGENCY_ESCALATED';

/** The calendar day of an instant in Morocco (YYYY-MM-DD). */
export function moroccanDay(instant: string): string {
  return MOROCCAN_DAY.format(new Date(instant));
}
// built once: an Intl.DateTimeFormat costs far more to build than to use (every case write projects with it)
const MOROCCAN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Days between two instants in tenths (what the dashboards show): few distinct values, grouped in SQL. */
const daysBetween = (from: string | null, to: string | null): number | null =>
  from && to ? Math.max(0, Math.round(((Date.parse(to) - Date.parse(from)) / 86_400_000) * 10) / 10) : null;

/**
 * The statistics columns of a case: its track (the `track` fact; EMERGENCY for a case escalated as an emergency
 * before any track was chosen), when it was reported, triaged, first interviewed and closed (and the days
 * between), the `situation` of its last follow-up, and its steps with a deadline that are done (on time or not;
 * repeatable steps are left out: their deadline moves with each occurrence).
 */
export function statisticsOf(def: ProtocolDefinition, state: CaseState): StatisticsColumns {
  const reportedAt = state.history[0]?.at ?? null;
  const view = (id: string) => state.steps.find((v) => v.stepId === id);
  const done = (id: string) => view(id)?.completedAt ?? null;
  const closedAt = state.closed ? ([...state.history].reverse().find((h) => h.to === state.state)?.at ?? null) : null;
  const fact = state.facts.track;
  const track =
    typeof fact === 'string' && (TRACKS as readonly string[]).includes(fact)
      ? fact
      : state.history.some((h) => h.to === EMERGENCY_STATE)
        ? 'EMERGENCY'
        : null;
  const outcome = state.facts.lastSituation;
  let stepsDue = 0;
  let stepsOnTime = 0;
  for (const step of allSteps(def)) {
    if (!step.deadline || step.repeatable) continue;
    const v = view(step.id);
    if (!v?.completedAt || !v.dueAt || v.occurrences === 0) continue;
    stepsDue++;
    if (v.completedAt <= v.dueAt) stepsOnTime++;
  }
  const triagedAt = done(TRIAGE_STEP);
  const firstInterviewAt = done(INTERVIEW_STEP);
  return {
    track,
    reportDay: reportedAt ? moroccanDay(reportedAt) : null,
    triagedAt,
    firstInterviewAt,
    closedAt,
    triageDays: daysBetween(reportedAt, triagedAt),
    interviewDays: daysBetween(reportedAt, firstInterviewAt),
    closureDays: daysBetween(reportedAt, closedAt),
    followUpOutcome: typeof outcome === 'string' && (FOLLOW_UP_OUTCOMES as readonly string[]).includes(outcome) ? outcome : null,
    stepsDue,
    stepsOnTime,
  };
}

// --- gender-based and AI-facilitated cyberviolence (issue #13) ---

/** The intake `types` that make a case "AI-facilitated" (protocol 1.1.0, shared contract of issue #13). */
export const AI_FACILITATED_TYPES = ['AI_SEXUAL_IMAGE', 'MANIPULATED_MEDIA', 'VOICE_VIDEO_CLONE', 'INAUTHENTIC_ACCOUNTS'] as const;

export type GenderColumns = Pick<CaseRecord, 'genderBased' | 'aiFacilitated'>;

/** `genderBased` from the yes/no triage fact (older protocol versions never ask it: null), `aiFacilitated` from the types. */
export function genderColumnsOf(state: Pick<CaseState, 'facts'>): GenderColumns {
  const fact = state.facts.genderBased;
  const types = Array.isArray(state.facts.types) ? state.facts.types.map(String) : [];
  return {
    genderBased: fact === true || fact === 'yes' ? 'yes' : fact === false || fact === 'no' ? 'no' : null,
    aiFacilitated: types.some((t) => (AI_FACILITATED_TYPES as readonly string[]).includes(t)),
  };
}

export const SEX_GROUPS = ['female', 'male', 'mixed'] as const;

/**
 * The sex of the targets and of the presumed authors of a case, from its people (not from its events: written
 * whenever a person is added, corrected or removed, and at the projection rebuild): 'female' or 'male' when every
 * person of the role with a recorded sex has it, 'mixed' when both occur, null when none is recorded.
 */
export function peopleSexOf(people: readonly { role: string; sex: string | null; removedAt?: string | null }[]): {
  targetSex: string | null;
  authorSex: string | null;
} {
  const of = (role: string): string | null => {
    const sexes = new Set(
      people.filter((p) => p.role === role && !p.removedAt && (p.sex === 'female' || p.sex === 'male')).map((p) => p.sex),
    );
    return sexes.size === 0 ? null : sexes.size > 1 ? 'mixed' : [...sexes][0];
  };
  return { targetSex: of('target'), authorSex: of('author') };
}
