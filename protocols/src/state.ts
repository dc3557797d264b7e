/** computeCaseState: the current state of a case, its steps, deadlines and actions, from (definition, events, now). */
import { DEFAULT_CALENDAR, type SchoolCalendar } from './calendar';
import { holds, type Facts } from './conditions';
import { addDuration, isAfter, subtractForWarning } from './deadlines';
import type { Actor, CaseEvent } from './events';
import { fold, type Folded, type Occurrence, type StateChange } from './fold';
import { CalendarMemo } from './memo';
import { allSteps, isClosedState, type DeadlineUnit, type ProtocolDefinition, type StepDef } from './types';

export interface EngineOptions {
  /** ISO instant the state is computed for. */
  now: string;
  calendar?: SchoolCalendar;
}

export type StepStatus = 'locked' | 'available' | 'done' | 'skipped' | 'overdue' | 'awaiting_signature';

export interface StepView {
  stepId: string;
  phaseId: string;
  status: StepStatus;
  /** Whether someone can perform the step now (repeatable steps can be done again after their minimum count). */
  actionable: boolean;
  /** Why the step is locked or skipped: case_not_created, case_closed, not_applicable, wrong_state, waiting_for:<stepId>, signature_required:<stepId>, closure_requirements_unmet. */
  reason?: string;
  dueAt?: string;
  warnAt?: string;
  escalateAt?: string;
  completedAt?: string;
  occurrences: number;
  /** Role that must co-sign, while a signature is awaited. */
  signatureRole?: string;
  completedBy?: Actor;
  /** Set while the step waits to be done again after its co-signer sent it back. */
  returned?: { at: string; by: Actor; comment: string; completedBy: Actor };
}

export type ActionKind = 'complete_step' | 'sign_step' | 'return_step' | 'reopen_case';

export interface Action {
  kind: ActionKind;
  stepId?: string;
  roles: string[];
}

export interface Escalation {
  stepId: string;
  notify: string[];
  since: string;
}

export interface CaseState {
  protocolId: string;
  protocolVersion: string;
  created: boolean;
  state: string | null;
  closed: boolean;
  cycle: number;
  facts: Facts;
  steps: StepView[];
  actions: Action[];
  actionsByRole: Record<string, Action[]>;
  overdue: string[];
  warnings: string[];
  escalations: Escalation[];
  /** Every required step that applies is done and the protocol's closure condition holds: the closure may be proposed and signed. */
  canClose: boolean;
  /** The protocol's `closure.requires` condition holds (true when the protocol has none), e.g. a positive follow-up. */
  closureConditionMet: boolean;
  missingForClosure: string[];
  history: StateChange[];
  ignoredEvents: { seq: number; reason: string }[];
}

interface Context {
  def: ProtocolDefinition;
  f: Folded;
  now: string;
  cal: SchoolCalendar;
  steps: Map<string, StepDef>;
  /** Computed once per call (see missingForClosure). */
  missing?: string[];
}

/**
 * `addDuration` / `subtractForWarning` (sign −), remembered: the steps of a case share a few anchors and delays, and a
 * case is computed again and again (each read; twice per write). Pure; bounded (memo.ts).
 */
const durations = new CalendarMemo();
function shifted(ctx: Context, instant: string, n: number, unit: DeadlineUnit, sign: 1 | -1 = 1): string {
  return durations.get(ctx.cal, `${instant}|${sign * n}|${unit}`, () =>
    sign === 1 ? addDuration(instant, n, unit, ctx.cal) : subtractForWarning(instant, n, unit, ctx.cal),
  );
}

function completed(f: Folded, stepId: string): Occurrence[] {
  return (f.occurrences.get(stepId) ?? []).filter((o) => !o.pendingSignature);
}

function isSatisfied(ctx: Context, step: StepDef): boolean {
  const done = completed(ctx.f, step.id).length;
  if (!holds(step.when, ctx.f.facts)) return true;
  return step.repeatable ? done >= step.repeatable.minCount : done > 0;
}

function missingForClosure(ctx: Context): string[] {
  ctx.missing ??= [...ctx.steps.values()]
    .filter((s) => s.requiredForClosure === true && !isGated(ctx.def, s))
    .filter((s) => !isSatisfied(ctx, s))
    .map((s) => s.id);
  return ctx.missing;
}

/** Whether the protocol's `closure.requires` condition holds for these facts (true when there is none). */
export function closureConditionHolds(def: ProtocolDefinition, facts: Facts): boolean {
  return holds(def.closure.requires?.when, facts);
}

/** Steps that close the case, or are marked as a closure gate, wait for every required step and the closure condition. */
export function isGated(def: ProtocolDefinition, step: StepDef): boolean {
  return step.closureGate === true || (step.transitions ?? []).some((t) => isClosedState(def, t.to));
}

function anchorInstant(ctx: Context, from: string): string | undefined {
  if (from === 'case_created') return ctx.f.cycleStart ?? undefined;
  if (from.startsWith('step:')) return (ctx.f.occurrences.get(from.slice(5)) ?? [])[0]?.at;
  if (from.startsWith('state:')) return ctx.f.stateEnteredAt.get(from.slice(6));
  return undefined;
}

interface Due {
  dueAt?: string;
  warnAt?: string;
  escalateAt?: string;
}

function dueOf(ctx: Context, step: StepDef, done: Occurrence[]): Due {
  const last = done[done.length - 1];
  if (step.repeatable && last) {
    return { dueAt: shifted(ctx, last.at, step.repeatable.every, step.repeatable.unit) };
  }
  const deadline = step.deadline;
  const anchor = deadline ? anchorInstant(ctx, deadline.from) : undefined;
  if (!deadline || !anchor) return {};
  const dueAt = shifted(ctx, anchor, deadline.within, deadline.unit);
  return {
    dueAt,
    ...(deadline.warnBefore !== undefined ? { warnAt: shifted(ctx, dueAt, deadline.warnBefore, deadline.unit, -1) } : {}),
    ...(deadline.escalateAfter ? { escalateAt: shifted(ctx, dueAt, deadline.escalateAfter.within, deadline.unit) } : {}),
  };
}

function lockReason(ctx: Context, step: StepDef): string | undefined {
  const { f, def } = ctx;
  const pending = (step.after ?? []).filter(
    (id) => completed(f, id).length === 0 && (f.occurrences.get(id) ?? []).some((o) => o.pendingSignature),
  );
  if (pending[0] !== undefined) return `signature_required:${pending[0]}`;
  if (f.state === null || !step.availableIn.includes(f.state)) return 'wrong_state';
  for (const prerequisiteId of step.after ?? []) {
    const prerequisite = ctx.steps.get(prerequisiteId);
    if (!prerequisite || !holds(prerequisite.when, f.facts)) continue;
    if (completed(f, prerequisiteId).length === 0) return `waiting_for:${prerequisiteId}`;
  }
  if (isGated(def, step) && (missingForClosure(ctx).length > 0 || !closureConditionHolds(def, f.facts)))
    return 'closure_requirements_unmet';
  return undefined;
}

function viewStep(ctx: Context, step: StepDef, phaseId: string): StepView {
  const { f } = ctx;
  const all = f.occurrences.get(step.id) ?? [];
  const done = completed(f, step.id);
  const pending = all.find((o) => o.pendingSignature);
  const first = done[0];
  const base = {
    stepId: step.id,
    phaseId,
    occurrences: done.length,
    ...dueOf(ctx, step, done),
    ...(first ? { completedAt: first.signedAt ?? first.at, completedBy: first.actor } : {}),
  };
  const applicable = holds(step.when, f.facts);
  const closed = f.state !== null && isClosedState(ctx.def, f.state);
  if (!f.created) return { ...base, status: 'locked', actionable: false, reason: 'case_not_created' };
  if (pending) return { ...base, status: 'awaiting_signature', actionable: false, signatureRole: step.secondSignature?.role };
  const enough = step.repeatable ? done.length >= step.repeatable.minCount && done.length > 0 : done.length > 0;
  const exhausted = step.repeatable ? done.length >= (step.repeatable.maxCount ?? Infinity) : done.length > 0;
  if (closed) return { ...base, status: enough ? 'done' : applicable ? 'locked' : 'skipped', actionable: false, reason: 'case_closed' };
  if (!applicable) return { ...base, status: enough ? 'done' : 'skipped', actionable: false, reason: 'not_applicable' };
  if (exhausted) return { ...base, status: 'done', actionable: false };
  const reason = lockReason(ctx, step);
  if (reason) return { ...base, status: enough ? 'done' : 'locked', actionable: false, reason };
  if (enough) return { ...base, status: 'done', actionable: true };
  const overdue = base.dueAt !== undefined && isAfter(ctx.now, base.dueAt);
  const sentBack = f.returns.get(step.id);
  const returned = sentBack
    ? { returned: { at: sentBack.at, by: sentBack.actor, comment: sentBack.comment, completedBy: sentBack.completedBy } }
    : {};
  return { ...base, status: overdue ? 'overdue' : 'available', actionable: true, ...returned };
}

function actionsOf(ctx: Context, views: StepView[], closed: boolean): Action[] {
  const actions: Action[] = [];
  for (const view of views) {
    const step = ctx.steps.get(view.stepId);
    if (!step) continue;
    if (view.actionable) actions.push({ kind: 'complete_step', stepId: step.id, roles: [...step.roles] });
    if (view.status === 'awaiting_signature' && step.secondSignature) {
      actions.push({ kind: 'sign_step', stepId: step.id, roles: [step.secondSignature.role] });
      actions.push({ kind: 'return_step', stepId: step.id, roles: [step.secondSignature.role] });
    }
  }
  if (closed) actions.push({ kind: 'reopen_case', roles: [...ctx.def.reopen.roles] });
  return actions;
}

export function computeCaseState(def: ProtocolDefinition, events: readonly CaseEvent[], options: EngineOptions): CaseState {
  const steps = new Map(allSteps(def).map((s) => [s.id, s]));
  const ctx: Context = {
    def,
    f: fold(def, events),
    now: options.now,
    cal: options.calendar ?? DEFAULT_CALENDAR,
    steps,
  };
  const { f } = ctx;
  const closed = f.state !== null && isClosedState(def, f.state);
  const views = def.phases.flatMap((phase) => phase.steps.map((step) => viewStep(ctx, step, phase.id)));
  const actions = actionsOf(ctx, views, closed);
  const missing = f.created
    ? missingForClosure(ctx)
    : allSteps(def)
        .filter((s) => s.requiredForClosure)
        .map((s) => s.id);
  const overdue = views.filter(
    (v) => v.status === 'overdue' || (v.status === 'awaiting_signature' && v.dueAt !== undefined && isAfter(options.now, v.dueAt)),
  );
  const escalations: Escalation[] = [];
  for (const view of overdue) {
    const notify = steps.get(view.stepId)?.deadline?.escalateAfter?.notify;
    if (notify && view.escalateAt && !isAfter(view.escalateAt, options.now))
      escalations.push({ stepId: view.stepId, notify: [...notify], since: view.escalateAt });
  }
  return {
    protocolId: def.id,
    protocolVersion: def.version,
    created: f.created,
    state: f.state,
    closed,
    cycle: f.cycle,
    facts: { ...f.facts },
    steps: views,
    actions,
    actionsByRole: Object.fromEntries(def.roles.map((r) => [r.id, actions.filter((a) => a.roles.includes(r.id))])),
    overdue: overdue.map((v) => v.stepId),
    warnings: views
      .filter((v) => v.actionable && v.status !== 'overdue' && v.warnAt !== undefined && !isAfter(v.warnAt, options.now))
      .map((v) => v.stepId),
    escalations,
    canClose: f.created && !closed && missing.length === 0 && closureConditionHolds(def, f.facts),
    closureConditionMet: closureConditionHolds(def, f.facts),
    missingForClosure: missing,
    history: f.history,
    ignoredEvents: f.ignored,
  };
}

/** Actions a role may take now. */
export function availableActions(state: CaseState, role: string): Action[] {
  return state.actionsByRole[role] ?? state.actions.filter((a) => a.roles.includes(role));
}
