import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, INSTANT, jsonText } from '../database/columns';

/** What the team did with a report (docs/public-reporting.md). */
export type IntakeStatus = 'pending' | 'converted' | 'linked' | 'dismissed';
export const INTAKE_STATUSES: readonly IntakeStatus[] = ['pending', 'converted', 'linked', 'dismissed'];
/** What the reporter sees, in plain words. */
export type ReporterStatus = 'received' | 'in_progress' | 'closed';
export const REPORTER_ROLES = ['target', 'witness', 'parent', 'staff'] as const;
export type ReporterRole = (typeof REPORTER_ROLES)[number];
export const SINCE = ['today', 'this_week', 'this_month', 'longer'] as const;
export type Since = (typeof SINCE)[number];
export const REPORT_LANGUAGES = ['fr', 'ar', 'en'] as const;

/**
 * A report sent through a school's public page (issue #11), before the team turns it into a case, links it to one
 * or dismisses it. The passcode is kept only as an argon2id hash; no client address is ever stored.
 */
@Entity('intake_reports')
export class IntakeReport {
  @PrimaryColumn(ID) id: string;
  @Column({ ...ID }) schoolId: string;
  /** the report code without hyphens (`R7K4QX9TB`), unique */
  @Column({ type: 'varchar', length: 16, unique: true }) code: string;
  @Column({ type: 'varchar', length: 200 }) passcodeHash: string;
  @Column({ type: 'varchar', length: 2 }) language: string;
  @Column({ type: 'varchar', length: 10 }) reporterRole: ReporterRole;
  @Column({ type: 'text' }) whatHappened: string;
  @Column({ type: 'text', transformer: jsonText }) platforms: string[];
  @Column({ type: 'varchar', length: 12 }) since: Since;
  @Column({ type: 'text', nullable: true }) involved: string | null;
  @Column({ type: 'boolean' }) dangerNow: boolean;
  @Column({ type: 'varchar', length: 200, nullable: true }) contact: string | null;
  @Column({ type: 'varchar', length: 10 }) status: IntakeStatus;
  @Column({ ...ID, nullable: true }) caseId: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) dismissReason: string | null;
  @Column(INSTANT) receivedAt: string;
  /** converted, linked or dismissed */
  @Column({ ...INSTANT, nullable: true }) handledAt: string | null;
  /** the team closed the conversation (the reporter sees "closed"); dismissing also closes it */
  @Column({ ...INSTANT, nullable: true }) closedAt: string | null;
  @Column(INSTANT) updatedAt: string;
  @Column({ type: 'integer' }) lastSeq: number;
}

/** The append-only log of a report: received, messages, converted / linked / dismissed, closed. Never updated. */
@Entity('intake_report_events')
export class IntakeReportEvent {
  @PrimaryColumn(ID) id: string;
  @Column({ ...ID }) reportId: string;
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'varchar', length: 30 }) type: string;
  /** null for the reporter */
  @Column({ ...ID, nullable: true }) actorId: string | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) actorRole: string | null;
  /** ids and codes only (the case linked to); texts are in the report and its messages */
  @Column({ type: 'text', transformer: jsonText }) payload: Record<string, unknown>;
  @Column(INSTANT) at: string;
}

/** A message between the reporter and the team (plain text). Team messages never show who wrote them publicly. */
@Entity('intake_report_messages')
export class IntakeReportMessage {
  @PrimaryColumn(ID) id: string;
  @Column({ ...ID }) reportId: string;
  @Column({ type: 'varchar', length: 10 }) side: 'reporter' | 'team';
  @Column({ type: 'text' }) body: string;
  @Column({ ...ID, nullable: true }) authorId: string | null;
  @Column(INSTANT) at: string;
  /** when a member of the team first read a reporter's message (null: unread; always null for team messages) */
  @Column({ ...INSTANT, nullable: true }) readAt: string | null;
}

export const PUBLIC_REPORT_ENTITIES = [IntakeReport, IntakeReportEvent, IntakeReportMessage];

/** The reporter's view of the status. */
export function reporterStatus(r: Pick<IntakeReport, 'status' | 'closedAt'>): ReporterStatus {
  if (r.closedAt !== null || r.status === 'dismissed') return 'closed';
  return r.status === 'pending' ? 'received' : 'in_progress';
}
