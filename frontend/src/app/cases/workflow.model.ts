import type { FactValue, Localized } from '@sanad/protocols';
import { CaseSummary } from './case.model';

/** Statuses of a step, as computed by the protocol engine on the server. */
export type StepStatus = 'locked' | 'available' | 'done' | 'skipped' | 'overdue' | 'awaiting_signature';

/** One step of the case, as the engine sees it now (GET /api/cases/:id). */
export interface StepView {
  stepId: string;
  phaseId: string;
  status: StepStatus;
  /** Someone can perform the step now (not necessarily the signed-in person: see `actions`). */
  actionable: boolean;
  /** not_applicable, wrong_state, waiting_for:<stepId>, signature_required:<stepId>, case_closed, closure_requirements_unmet… */
  reason?: string;
  dueAt?: string;
  warnAt?: string;
  escalateAt?: string;
  completedAt?: string;
  occurrences: number;
  signatureRole?: string;
  /** Set while the step waits to be done again after its co-signer sent it back with a comment. */
  returned?: StepReturn;
}

export interface StepReturn {
  at: string;
  comment: string;
  by: { id: string; displayName: string };
  completedBy: { id: string; displayName: string };
}

export type ActionKind = 'complete_step' | 'sign_step' | 'return_step' | 'reopen_case';

/** Something the signed-in person may do now. */
export interface CaseAction {
  kind: ActionKind;
  stepId?: string;
  roles: string[];
}

export interface CaseDetail {
  case: CaseSummary;
  protocol: { id: string; version: string; contentHash: string };
  /** Sent back as `expectedSeq` with the next write (optimistic concurrency). */
  lastEventSeq: number;
  state: string;
  closed: boolean;
  facts: Record<string, FactValue>;
  steps: StepView[];
  actions: CaseAction[];
  overdue: string[];
  canClose: boolean;
  missingForClosure: string[];
  /** Danger signs ticked by whoever logged the incident, for the danger check (null: none). */
  reportedDanger?: { flags: string[]; at: string; by: { id: string; displayName: string } } | null;
  /** Who may see the case when it is restricted (the principal always does). */
  access?: { restricted: boolean; members: { id: string; displayName: string }[]; canChange: boolean };
  /** What keeps the case from the retention purge (docs/retention.md): the principal's hold, or an authorities alert. */
  legalHold?: LegalHold | null;
  /** The signed-in user may place or release a legal hold (the principal). */
  canChangeLegalHold?: boolean;
  /** When the retention purge anonymised the case (null: never). */
  anonymisedAt?: string | null;
}

export interface LegalHold {
  kind: 'legal_hold' | 'authorities_alert';
  at: string;
  by: { id: string; displayName: string };
  /** null for an automatic hold */
  reason: string | null;
}

export type TimelineEventType =
  | 'case_created'
  | 'step_completed'
  | 'step_signed'
  | 'step_returned'
  | 'note_added'
  | 'correction'
  | 'case_reopened'
  | 'protocol_migrated'
  // backend-only events (never given to the protocol engine)
  | 'access_changed'
  | 'assignee_changed'
  | 'danger_reported'
  | 'transmitted'
  | 'transmission_updated'
  | 'legal_hold_placed'
  | 'legal_hold_released'
  | 'person_updated'
  | 'person_removed'
  // a report of the public channel turned into the case or linked to it: { code, text, … } (docs/public-reporting.md)
  | 'intake_report_attached';

export interface TimelineEvent {
  seq: number;
  type: TimelineEventType;
  at: string;
  actor: { id: string; displayName: string; role: string };
  payload: Record<string, unknown>;
}

export type Urgency = 'overdue' | 'due_soon' | 'upcoming';

/** A step with a deadline (GET /api/cases/due), soonest first. */
export interface DueStep {
  caseId: string;
  reference: string;
  title: string;
  stepId: string;
  stepTitle: Localized;
  dueAt?: string;
  urgency: Urgency;
  roles: string[];
}

/** Answers sent with a step: `{ fieldId: value }`. */
export type StepAnswers = Record<string, FactValue>;

/** What the step and sign pages leave in the navigation state for the case page's confirmation. */
export interface StepSavedState {
  saved?: 'step' | 'signature' | 'returned';
  stepId?: string;
}
