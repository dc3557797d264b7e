import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, INSTANT, DATE, jsonText } from '../database/columns';

/**
 * The stored projection of a case, for fast lists. The truth is the event log (`case_events`);
 * every write appends an event and updates this row in the same transaction.
 */
@Entity('cases')
export class CaseRecord {
  @PrimaryColumn(ID) id: string;
  @Column({ ...ID }) schoolId: string;
  /** human reference, unique within the school: `2026-0007` */
  @Column({ type: 'varchar', length: 20 }) reference: string;
  @Column({ type: 'varchar', length: 200 }) title: string;
  @Column(DATE) occurredOn: string;
  @Column({ type: 'varchar', length: 40 }) state: string;
  @Column({ type: 'varchar', length: 80 }) protocolId: string;
  @Column({ type: 'varchar', length: 20 }) protocolVersion: string;
  /** seq of the last event: the optimistic-concurrency token */
  @Column({ type: 'integer' }) lastEventSeq: number;
  @Column({ ...ID }) createdById: string;
  /** The member of the resource team in charge of the case (null: nobody named yet). */
  @Column({ ...ID, nullable: true }) assigneeId: string | null;
  @Column(INSTANT) createdAt: string;
  @Column(INSTANT) updatedAt: string;
  /** earliest deadline among the open steps (null when none or closed): drives the due list */
  @Column({ ...INSTANT, nullable: true }) nextDueAt: string | null;
  /** open steps with their deadlines, as computed after the last event (JSON): see OpenStep */
  @Column({ type: 'text', nullable: true, transformer: jsonText }) openSteps: OpenStep[] | null;
  /** severity tier from triage (T0–T3), for filters */
  @Column({ type: 'varchar', length: 4, nullable: true }) tier: string | null;
  /** cyberviolence types as `|INSULT|MOBBING|` (LIKE '%|INSULT|%'), for filters */
  @Column({ type: 'varchar', length: 500, nullable: true }) typeCodes: string | null;
  /** platforms as `|INSTAGRAM|TIKTOK|` */
  @Column({ type: 'varchar', length: 300, nullable: true }) platformCodes: string | null;
  /** steps waiting for the principal (signature, review, sign-off) as `|triage|closure_signoff|` */
  @Column({ type: 'varchar', length: 500, nullable: true }) reviewSteps: string | null;
  /** the projection's format (cases/projection.ts): rows of an older one are rebuilt at start-up */
  @Column({ type: 'integer', default: 0 }) projectionVersion: number;
}

export interface OpenStep {
  stepId: string;
  dueAt?: string;
  warnAt?: string;
  escalateAt?: string;
  roles: string[];
  escalate?: string[];
}

/** One append-only event of a case. Never updated, never deleted (corrections are new events). */
@Entity('case_events')
export class CaseEvent {
  @PrimaryColumn(ID) id: string;
  @Column({ ...ID }) caseId: string;
  @Column({ type: 'integer' }) seq: number;
  @Column({ type: 'varchar', length: 40 }) type: string;
  @Column({ type: 'text', transformer: jsonText }) payload: Record<string, unknown>;
  @Column({ ...ID }) actorId: string;
  @Column({ type: 'varchar', length: 20 }) actorRole: string;
  @Column(INSTANT) at: string;
}
