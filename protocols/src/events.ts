/** Case events: the append-only timeline a case is computed from. */
import type { FactValue } from './types';

export interface Actor {
  id: string;
  role: string;
}

export type Answers = Record<string, FactValue>;

export interface CaseCreatedPayload {
  protocolId: string;
  protocolVersion: string;
}

export interface StepCompletedPayload {
  stepId: string;
  answers: Answers;
  /** Ids of the checklist items ticked. */
  checklist: string[];
}

export interface StepSignedPayload {
  stepId: string;
  comment?: string;
}

/** The co-signer sends a step awaiting their signature back to be done again, saying why. */
export interface StepReturnedPayload {
  stepId: string;
  comment: string;
}

export interface NoteAddedPayload {
  text: string;
}

export interface CorrectionPayload {
  /** seq of the step_completed event being corrected. */
  refSeq: number;
  /** Replacement values for some answers of that event. */
  answers: Answers;
  reason: string;
}

export interface CaseReopenedPayload {
  reason: string;
}

export interface ProtocolMigratedPayload {
  fromVersion: string;
  toVersion: string;
  /** Old step id -> new step id, for steps that were renamed. */
  stepMap?: Record<string, string>;
  /** State the case is in under the new version (defaults to the same id). */
  state?: string;
  reason: string;
}

interface EventBase<T extends string, P> {
  seq: number;
  type: T;
  /** ISO 8601 instant. */
  at: string;
  actor: Actor;
  payload: P;
}

export type CaseEvent =
  | EventBase<'case_created', CaseCreatedPayload>
  | EventBase<'step_completed', StepCompletedPayload>
  | EventBase<'step_signed', StepSignedPayload>
  | EventBase<'step_returned', StepReturnedPayload>
  | EventBase<'note_added', NoteAddedPayload>
  | EventBase<'correction', CorrectionPayload>
  | EventBase<'case_reopened', CaseReopenedPayload>
  | EventBase<'protocol_migrated', ProtocolMigratedPayload>;

export type CaseEventType = CaseEvent['type'];
