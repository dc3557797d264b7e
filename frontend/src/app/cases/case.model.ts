/** States of a case, from the protocol engine. Unknown values are shown with a fallback label. */
export const CASE_STATES = [
  'REPORTED',
  'TRIAGED',
  'EDUCATIONAL_RESPONSE',
  'MPP_IN_PROGRESS',
  'FORMAL_IN_PROGRESS',
  'EMERGENCY_ESCALATED',
  'MONITORING',
  'CLOSURE_PROPOSED',
  'CLOSED',
  'REOPENED',
] as const;
export type KnownCaseState = (typeof CASE_STATES)[number];

export function isKnownState(state: string): state is KnownCaseState {
  return (CASE_STATES as readonly string[]).includes(state);
}

export interface CaseSummary {
  id: string;
  reference: string;
  title: string;
  /** Calendar date, YYYY-MM-DD. */
  occurredOn: string;
  state: string;
  /** ISO timestamp. */
  createdAt: string;
  createdBy: { id: string; displayName: string };
  /** The member of the resource team in charge (null: nobody yet). */
  assignee?: { id: string; displayName: string } | null;
  /** Only the people named on it and the principal see the case. */
  restricted?: boolean;
  /** T0–T3 once triaged. */
  tier?: string | null;
  /** Cyberviolence type codes recorded at intake. */
  types?: string[];
  platforms?: string[];
  /** Earliest deadline among the open steps (ISO timestamp). */
  nextDueAt?: string | null;
  overdue?: boolean;
  /** Step ids waiting for the principal's signature, review or sign-off. */
  awaitingPrincipal?: string[];
}

/** A member of the school's team who may be put in charge of a case (GET /api/cases/staff). */
export interface StaffMember {
  id: string;
  displayName: string;
  roles: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface NewCase {
  title: string;
  occurredOn: string;
  /** Danger signs answered "yes" at intake: kept on the case for the danger check, alerting the coordinator and the principal. */
  dangerSigns?: string[];
}

/** Rules shared with the API (POST /api/cases). */
export const CASE_TITLE_MIN = 3;
export const CASE_TITLE_MAX = 200;

/** What the new-case page leaves in the navigation state after creating a case. */
export interface CaseCreatedState {
  createdReference?: string;
  /** People involved that could not be added after the case was created (the intake page says so). */
  peopleFailed?: number;
}
