/** applicable: may this new event be appended to the case? Returns ok or a stable error code. */
import type { CaseEvent } from './events';
import { message, type EventErrorCode } from './messages';
import { computeCaseState, type CaseState, type EngineOptions } from './state';
import { validateSubmission, type FieldError } from './submission';
import { findStep, type Localized, type ProtocolDefinition } from './types';

/** An event not yet stored: `seq` is assigned by the store. */
export type NewCaseEvent = CaseEvent extends unknown
  ? CaseEvent extends infer E
    ? E extends CaseEvent
      ? Omit<E, 'seq'> & { seq?: number }
      : never
    : never
  : never;

export type Applicability = { ok: true } | { ok: false; code: EventErrorCode; message: Localized; fieldErrors?: FieldError[] };

const OK: Applicability = { ok: true };

function reject(code: EventErrorCode, fieldErrors?: FieldError[]): Applicability {
  return { ok: false, code, message: message(code), ...(fieldErrors ? { fieldErrors } : {}) };
}

function checkCompletion(
  def: ProtocolDefinition,
  state: CaseState,
  event: Extract<NewCaseEvent, { type: 'step_completed' }>,
): Applicability {
  const step = findStep(def, event.payload.stepId);
  if (!step) return reject('step_unknown');
  if (state.closed) return reject('case_closed');
  const view = state.steps.find((v) => v.stepId === step.id);
  if (!view) return reject('step_unknown');
  if (!view.actionable) {
    if (view.status === 'awaiting_signature' || view.reason?.startsWith('signature_required')) return reject('signature_required');
    if (view.status === 'skipped') return reject('step_not_applicable');
    if (view.status === 'done' && view.reason === undefined) return reject('step_already_done');
    return reject('step_not_available');
  }
  if (!step.roles.includes(event.actor.role)) return reject('role_not_allowed');
  const result = validateSubmission(def, step.id, event.payload.answers, event.actor.role, state, event.payload.checklist);
  return result.ok ? OK : reject('invalid_answers', result.errors);
}

function checkSignature(
  def: ProtocolDefinition,
  events: readonly CaseEvent[],
  state: CaseState,
  event: Extract<NewCaseEvent, { type: 'step_signed' }>,
): Applicability {
  const step = findStep(def, event.payload.stepId);
  if (!step) return reject('step_unknown');
  if (state.closed) return reject('case_closed');
  const view = state.steps.find((v) => v.stepId === step.id);
  if (view?.status !== 'awaiting_signature' || !step.secondSignature) return reject('signature_not_pending');
  if (event.actor.role !== step.secondSignature.role) return reject('role_not_allowed');
  const completion = [...events].reverse().find((e) => e.type === 'step_completed' && e.payload.stepId === step.id);
  if (completion && completion.actor.id === event.actor.id) return reject('same_actor_signature');
  return OK;
}

function checkReturn(def: ProtocolDefinition, state: CaseState, event: Extract<NewCaseEvent, { type: 'step_returned' }>): Applicability {
  const step = findStep(def, event.payload.stepId);
  if (!step) return reject('step_unknown');
  if (state.closed) return reject('case_closed');
  const view = state.steps.find((v) => v.stepId === step.id);
  if (view?.status !== 'awaiting_signature' || !step.secondSignature) return reject('signature_not_pending');
  if (event.actor.role !== step.secondSignature.role) return reject('role_not_allowed');
  return event.payload.comment.trim() ? OK : reject('comment_required');
}

function checkCorrection(
  def: ProtocolDefinition,
  events: readonly CaseEvent[],
  state: CaseState,
  event: Extract<NewCaseEvent, { type: 'correction' }>,
): Applicability {
  if (state.closed) return reject('case_closed');
  const target = events.find((e) => e.seq === event.payload.refSeq);
  if (!target || target.type !== 'step_completed') return reject('invalid_reference');
  const step = findStep(def, target.payload.stepId);
  if (!step) return reject('invalid_reference');
  if (!event.payload.reason.trim()) return reject('invalid_payload');
  const roles = [...step.roles, ...def.closure.signOffRoles];
  if (!roles.includes(event.actor.role)) return reject('role_not_allowed');
  const merged = { ...target.payload.answers, ...event.payload.answers };
  const result = validateSubmission(
    def,
    step.id,
    merged,
    step.roles.includes(event.actor.role) ? event.actor.role : (step.roles[0] ?? ''),
    state,
    target.payload.checklist,
  );
  return result.ok ? OK : reject('invalid_answers', result.errors);
}

/**
 * Checks whether `event` may be appended after `events` (already accepted) under `def`.
 * The backend calls this before storing an event; computeCaseState trusts stored events.
 */
export function applicable(
  def: ProtocolDefinition,
  events: readonly CaseEvent[],
  event: NewCaseEvent,
  options: EngineOptions,
): Applicability {
  const state = computeCaseState(def, events, options);
  if (Number.isNaN(Date.parse(event.at))) return reject('invalid_payload');
  const last = events[events.length - 1];
  if (last && Date.parse(event.at) < Date.parse(last.at)) return reject('event_out_of_order');
  if (event.type === 'case_created') {
    if (state.created) return reject('case_already_created');
    if (event.payload.protocolId !== def.id || event.payload.protocolVersion !== def.version) return reject('version_mismatch');
    return OK;
  }
  if (!state.created) return reject('case_not_created');
  switch (event.type) {
    case 'step_completed':
      return checkCompletion(def, state, event);
    case 'step_signed':
      return checkSignature(def, events, state, event);
    case 'step_returned':
      return checkReturn(def, state, event);
    case 'correction':
      return checkCorrection(def, events, state, event);
    case 'note_added':
      return event.payload.text.trim() ? OK : reject('invalid_payload');
    case 'case_reopened':
      if (!state.closed) return reject('case_not_closed');
      if (!def.reopen.roles.includes(event.actor.role)) return reject('role_not_allowed');
      return event.payload.reason.trim() ? OK : reject('invalid_payload');
    case 'protocol_migrated':
      if (event.payload.toVersion !== def.version) return reject('version_mismatch');
      if (!def.reopen.roles.includes(event.actor.role)) return reject('role_not_allowed');
      if (event.payload.state !== undefined && !def.states.some((s) => s.id === event.payload.state)) return reject('invalid_payload');
      return OK;
  }
}
