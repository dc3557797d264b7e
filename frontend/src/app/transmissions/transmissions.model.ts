/**
 * Transmissions to the direction provinciale / academy (backend/src/transmissions/dto/transmissions.dto.ts,
 * docs/transmissions.md): pseudonymised case reports and school summaries, one inbox for the officers, a thread
 * between the officer and the school's principal.
 */
export interface Localized {
  fr: string;
  ar: string;
  en: string;
}

export type TransmissionStatus = 'submitted' | 'acknowledged' | 'information_requested' | 'answered' | 'handled';
export const TRANSMISSION_STATUSES: readonly TransmissionStatus[] = [
  'submitted',
  'acknowledged',
  'information_requested',
  'answered',
  'handled',
];

export type TransmissionAction = 'acknowledge' | 'message' | 'handle';

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
  keyDates: { stepId: string; title: Localized; at: string; signedAt: string | null }[];
  followUpOutcome: string | null;
  escalations: { stepId: string; authority: Localized; at: string; reference: string | null }[];
  people: { code: string; role: string }[];
}

export interface SummaryPeriod {
  id: string;
  kind: 'month' | 'term';
  from: string;
  /** exclusive */
  to: string;
  label: Localized;
}

export interface SummarySnapshot {
  type: 'school_summary';
  period: SummaryPeriod;
  school: SchoolRef;
  reported: number;
  byTier: { tier: string; count: number }[];
  byType: (CodeLabel & { count: number })[];
  byPlatform: (CodeLabel & { count: number })[];
  closed: number;
  openAtEnd: number;
  caseReportsSent: number;
}

export interface TransmissionSummary {
  id: string;
  kind: string;
  kindLabel: Localized;
  reference: string;
  period: string | null;
  status: TransmissionStatus;
  school: SchoolRef;
  sentAt: string;
  acknowledgedAt: string | null;
  handledAt: string | null;
  updatedAt: string;
  messageCount: number;
}

export interface TransmissionEvent {
  seq: number;
  type: 'submitted' | 'acknowledged' | 'message' | 'handled';
  side: 'school' | 'officer';
  actorRole: string;
  text: string | null;
  status: TransmissionStatus;
  at: string;
}

export interface TransmissionDetail extends TransmissionSummary {
  caseReport?: CaseSnapshot | null;
  summary?: SummarySnapshot | null;
  hasReport: boolean;
  events: TransmissionEvent[];
  actions: TransmissionAction[];
}

export interface TransmissionPage {
  items: TransmissionSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export interface DueReport {
  kind: string;
  label: Localized;
  status: 'not_due' | 'due' | 'sent';
}

export interface CaseTransmissions {
  reports: DueReport[];
  canTransmit: boolean;
  transmissions: TransmissionDetail[];
}

/** The inbox filters (also in the address). */
export interface InboxFilters {
  status: TransmissionStatus[];
  page: number;
}

/** Languages of the academy report PDF. */
export const REPORT_LANGS = ['fr', 'ar', 'fr+ar'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** Statuses that wait for the officer: shown first / highlighted in the inbox. */
export function waitsForOfficer(status: TransmissionStatus): boolean {
  return status === 'submitted' || status === 'answered';
}
