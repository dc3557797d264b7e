import type { RetentionPolicy } from '../config/config';

/**
 * The retention planner (docs/retention.md): pure functions that say, from the policy, "now" and the facts of a
 * case, what the purge must do to it. No database, no clock: the executor (purge.ts) gathers the facts, asks the
 * planner, and asks it again inside each case's transaction before acting.
 */

/** The step of the protocol whose completion (a report to the police or the prosecutor) holds a case by itself. */
export const AUTHORITIES_ALERT_STEP = 'authorities_alert';

/** What the planner needs to know about one case. */
export interface CaseFacts {
  id: string;
  schoolId: string;
  reference: string;
  /** when the case entered its closed state; null while open (a reopened case is open again) */
  closedAt: string | null;
  /** the principal's legal hold (null: none) */
  legalHoldAt: string | null;
  /** the last release of a legal hold */
  legalHoldReleasedAt: string | null;
  /** the first completion of the authorities_alert step (null: never alerted) */
  authoritiesAlertedAt: string | null;
  /** when the purge anonymised the case (null: never) */
  anonymisedAt: string | null;
  /** evidence items whose content is still there */
  liveEvidence: number;
}

export type PurgeAction = 'anonymise' | 'delete' | 'erase_evidence';
/** Why a case is held: the principal's legal hold, or a report to the authorities not released since. */
export type HoldKind = 'legal_hold' | 'authorities_alert';

export type CaseDecision =
  { kind: 'keep' } | { kind: 'held'; hold: HoldKind; wouldBe: PurgeAction; evidence: number } | { kind: PurgeAction; evidence: number };

/** The instant `count` calendar months after `iso` (UTC; the 31st becomes the month's last day when needed). */
export function addMonths(iso: string, count: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  const target = new Date(
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + count, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString();
}

/** The hold on a case, if any: an explicit legal hold, or an authorities alert that no release came after. */
export function activeHold(f: Pick<CaseFacts, 'legalHoldAt' | 'legalHoldReleasedAt' | 'authoritiesAlertedAt'>): HoldKind | null {
  if (f.legalHoldAt) return 'legal_hold';
  if (f.authoritiesAlertedAt && !(f.legalHoldReleasedAt && f.legalHoldReleasedAt > f.authoritiesAlertedAt)) return 'authorities_alert';
  return null;
}

/** When the case itself is due (kept `caseYears` after closure), or null: open, or that category is off. */
export function caseDueAt(policy: RetentionPolicy, f: Pick<CaseFacts, 'closedAt'>): string | null {
  return f.closedAt && policy.caseYears !== null ? addMonths(f.closedAt, policy.caseYears * 12) : null;
}

/** When the case's evidence content is due for erasure, or null. */
export function evidenceDueAt(policy: RetentionPolicy, f: Pick<CaseFacts, 'closedAt'>): string | null {
  return f.closedAt && policy.evidenceMonths !== null ? addMonths(f.closedAt, policy.evidenceMonths) : null;
}

/**
 * What the purge does to one case at `now`. The case rule comes first (anonymise or delete the whole case, its
 * evidence with it); otherwise the evidence rule (erase the contents still there). An anonymised case is kept
 * from then on (its statistics stay). A held case is never touched: the answer says what it would have been.
 */
export function planCase(policy: RetentionPolicy, now: string, f: CaseFacts): CaseDecision {
  if (!f.closedAt) return { kind: 'keep' };
  let action: PurgeAction | null = null;
  const caseDue = caseDueAt(policy, f);
  const evidenceDue = evidenceDueAt(policy, f);
  if (caseDue !== null && caseDue <= now && !(policy.caseAction === 'anonymise' && f.anonymisedAt)) action = policy.caseAction;
  else if (evidenceDue !== null && evidenceDue <= now && f.liveEvidence > 0) action = 'erase_evidence';
  if (!action) return { kind: 'keep' };
  const hold = activeHold(f);
  if (hold) return { kind: 'held', hold, wouldBe: action, evidence: f.liveEvidence };
  return { kind: action, evidence: f.liveEvidence };
}

/** One school's part of the report: case references only, never names. */
export interface SchoolPlan {
  schoolId: string;
  anonymise: string[];
  delete: string[];
  /** cases whose evidence content is erased (the case itself stays) */
  eraseEvidence: string[];
  /** evidence items whose content goes (with the cases above, and with anonymised or deleted cases) */
  evidenceItems: number;
  held: { reference: string; hold: HoldKind; wouldBe: PurgeAction }[];
}

export interface PurgePlan {
  now: string;
  /** the cases to act on, in order (school, then reference) */
  actions: { facts: CaseFacts; decision: Extract<CaseDecision, { kind: PurgeAction }> }[];
  schools: SchoolPlan[];
  totals: { anonymise: number; delete: number; eraseEvidence: number; evidenceItems: number; held: number };
}

/** The decisions for every case, grouped per school for the report. */
export function planPurge(policy: RetentionPolicy, now: string, cases: CaseFacts[]): PurgePlan {
  const sorted = [...cases].sort((a, b) => a.schoolId.localeCompare(b.schoolId) || a.reference.localeCompare(b.reference));
  const bySchool = new Map<string, SchoolPlan>();
  const plan: PurgePlan = {
    now,
    actions: [],
    schools: [],
    totals: { anonymise: 0, delete: 0, eraseEvidence: 0, evidenceItems: 0, held: 0 },
  };
  const school = (id: string) => {
    let s = bySchool.get(id);
    if (!s) {
      s = { schoolId: id, anonymise: [], delete: [], eraseEvidence: [], evidenceItems: 0, held: [] };
      bySchool.set(id, s);
      plan.schools.push(s);
    }
    return s;
  };
  for (const facts of sorted) {
    const decision = planCase(policy, now, facts);
    if (decision.kind === 'keep') continue;
    const s = school(facts.schoolId);
    if (decision.kind === 'held') {
      s.held.push({ reference: facts.reference, hold: decision.hold, wouldBe: decision.wouldBe });
      plan.totals.held++;
      continue;
    }
    plan.actions.push({ facts, decision });
    s.evidenceItems += decision.evidence;
    plan.totals.evidenceItems += decision.evidence;
    if (decision.kind === 'anonymise') {
      s.anonymise.push(facts.reference);
      plan.totals.anonymise++;
    } else if (decision.kind === 'delete') {
      s.delete.push(facts.reference);
      plan.totals.delete++;
    } else {
      s.eraseEvidence.push(facts.reference);
      plan.totals.eraseEvidence++;
    }
  }
  return plan;
}
