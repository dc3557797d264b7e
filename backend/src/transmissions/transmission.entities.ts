import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, INSTANT, jsonText } from '../database/columns';

/** Where a transmission is in the flow between the school and its direction provinciale / academy. */
export const TRANSMISSION_STATUSES = ['submitted', 'acknowledged', 'information_requested', 'answered', 'handled'] as const;
export type TransmissionStatusValue = (typeof TRANSMISSION_STATUSES)[number];

/** What happened to a transmission: each is one row of `transmission_events` (and, for a case, of its timeline). */
export const TRANSMISSION_EVENT_TYPES = ['submitted', 'acknowledged', 'message', 'handled'] as const;
export type TransmissionEventType = (typeof TRANSMISSION_EVENT_TYPES)[number];

/**
 * A pseudonymised report a principal sent to the direction provinciale / academy (issue #9): a case report (kind
 * = a transmission id of the protocol's `reporting` rules) or a periodic school summary (kind `school_summary`).
 * The snapshot is frozen when sent: later changes to the case do not change what the officer received.
 */
@Entity('transmissions')
export class Transmission {
  @PrimaryColumn(ID) id: string;
  @Column(ID) schoolId: string;
  /** the case reported (null for a school summary); never shown to officers */
  @Column({ ...ID, nullable: true }) caseId: string | null;
  @Column({ type: 'varchar', length: 40 }) kind: string;
  /** a summary's period: `2026-11` (month) or `2026-T1` (term); null for a case report */
  @Column({ type: 'varchar', length: 10, nullable: true }) period: string | null;
  /** what the inbox shows: `<school code>-<case reference>` or `<school code>-<period>` */
  @Column({ type: 'varchar', length: 60 }) reference: string;
  @Column({ type: 'varchar', length: 24 }) status: TransmissionStatusValue;
  /** one case report per case and kind, one summary per school and period: `case:<id>:<kind>`, `summary:<school>:<period>` */
  @Column({ type: 'varchar', length: 120, unique: true }) dedupeKey: string;
  /** the pseudonymised content (JSON): CaseSnapshot or SummarySnapshot (snapshot.ts) */
  @Column({ type: 'text', transformer: jsonText }) snapshot: Record<string, unknown>;
  /** the data of the `academy-report` document as sent (JSON), rendered to PDF on download; null for summaries */
  @Column({ type: 'text', nullable: true, transformer: jsonText }) reportData: Record<string, unknown> | null;
  @Column(ID) sentById: string;
  @Column(INSTANT) sentAt: string;
  @Column({ ...INSTANT, nullable: true }) acknowledgedAt: string | null;
  @Column({ ...INSTANT, nullable: true }) handledAt: string | null;
  @Column(INSTANT) updatedAt: string;
  /** seq of the last event: each write claims the next one */
  @Column({ type: 'integer' }) lastSeq: number;
}

/** One append-only event of a transmission. Never updated, never deleted. */
@Entity('transmission_events')
export class TransmissionEvent {
  @PrimaryColumn(ID) id: string;
  @Column(ID) transmissionId: string;
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'varchar', length: 20 }) type: TransmissionEventType;
  /** the text of a message, or the principal's comment when submitting (null otherwise) */
  @Column({ type: 'text', nullable: true }) text: string | null;
  /** 'school' or 'officer': which side wrote */
  @Column({ type: 'varchar', length: 10 }) side: 'school' | 'officer';
  @Column(ID) actorId: string;
  @Column({ type: 'varchar', length: 20 }) actorRole: string;
  /** the transmission's status after the event */
  @Column({ type: 'varchar', length: 24 }) status: TransmissionStatusValue;
  @Column(INSTANT) at: string;
}

export const TRANSMISSION_ENTITIES = [Transmission, TransmissionEvent];
