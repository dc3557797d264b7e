import { findStep, type CaseState, type ProtocolDefinition } from '@sanad/protocols';
import type { CaseRecord, OpenStep } from './case.entities';

/**
 * The columns of a case row that are computed from its events (the projection), in one place: written after
 * every event, at creation and by the demo seeding, and rebuilt at start-up for rows of an older
 * PROJECTION_VERSION (see refreshProjections). Lists filter and sort on them in SQL.
 */
export const PROJECTION_VERSION = 1;

export type Projection = Pick<
  CaseRecord,
  'state' | 'openSteps' | 'nextDueAt' | 'tier' | 'typeCodes' | 'platformCodes' | 'reviewSteps' | 'projectionVersion'
>;

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
    projectionVersion: PROJECTION_VERSION,
  };
}
