/**
 * @sanad/protocols — the pure protocol engine. No I/O, no Node-only modules:
 * safe to import from the NestJS backend and from the Angular frontend.
 */
export * from './types';
export * from './events';
export * from './calendar';
export { evaluate, holds, factReferences, type Facts } from './conditions';
export { addDuration } from './deadlines';
export { applySets } from './facts';
export { message, type EventErrorCode, type SubmissionErrorCode, type MessageParams } from './messages';
export {
  computeCaseState,
  availableActions,
  isGated,
  closureConditionHolds,
  type Action,
  type ActionKind,
  type CaseState,
  type EngineOptions,
  type Escalation,
  type StepStatus,
  type StepView,
} from './state';
export type { StateChange } from './fold';
export { validateSubmission, checkValue, type FieldError, type SubmissionResult } from './submission';
export { applicable, type Applicability, type NewCaseEvent } from './applicable';
export { evidenceMode, stepResources, retentionUntil, type EvidenceMode, type ResolvedResources } from './resources';
export { dueTransmissions, transmissionApplies, transmissionStatuses, type ReportingCase, type TransmissionStatus } from './reporting';
