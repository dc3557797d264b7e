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
  // --- statistics (issue #9, cases/projection.ts): set once the fact or step is there, null before ---
  /** the track taken: EDUCATIONAL, MPP, FORMAL or EMERGENCY */
  @Column({ type: 'varchar', length: 20, nullable: true }) track: string | null;
  /** the day of the report in Moroccan time (YYYY-MM-DD): months of report are grouped on it */
  @Column({ ...DATE, nullable: true }) reportDay: string | null;
  @Column({ ...INSTANT, nullable: true }) triagedAt: string | null;
  /** the first interview of the target pupil (step target_interview) */
  @Column({ ...INSTANT, nullable: true }) firstInterviewAt: string | null;
  /** when the case entered its closed state (null while open) */
  @Column({ ...INSTANT, nullable: true }) closedAt: string | null;
  /** days from the report to triage, to the first interview, to closure (null until then) */
  @Column({ type: 'double precision', nullable: true }) triageDays: number | null;
  @Column({ type: 'double precision', nullable: true }) interviewDays: number | null;
  @Column({ type: 'double precision', nullable: true }) closureDays: number | null;
  /** `situation` of the last follow-up: STOPPED, DECREASED, CONTINUED */
  @Column({ type: 'varchar', length: 20, nullable: true }) followUpOutcome: string | null;
  /** steps with a deadline done so far, and those of them done by their deadline */
  @Column({ type: 'integer', default: 0 }) stepsDue: number;
  @Column({ type: 'integer', default: 0 }) stepsOnTime: number;
  // --- gender-based and AI-facilitated cyberviolence (issue #13): aggregated statistics only ---
  /** the `genderBased` triage fact: 'yes' / 'no'; null when not answered */
  @Column({ type: 'varchar', length: 3, nullable: true }) genderBased: string | null;
  /** the case's types include an AI-facilitated one (AI_FACILITATED_TYPES) */
  @Column({ type: 'boolean', default: false }) aiFacilitated: boolean;
  /** sex of the target pupils / presumed authors of the case (people.sex): 'female', 'male', 'mixed'; null when none is recorded */
  @Column({ type: 'varchar', length: 8, nullable: true }) targetSex: string | null;
  @Column({ type: 'varchar', length: 8, nullable: true }) authorSex: string | null;
  /** the projection's format (cases/projection.ts): rows of an older one are rebuilt at start-up */
  @Column({ type: 'integer', default: 0 }) projectionVersion: number;
  // --- retention (docs/retention.md): not part of the projection ---
  /** legal hold placed by the principal (complaint, judicial request): never purged while set */
  @Column({ ...INSTANT, nullable: true }) legalHoldAt: string | null;
  @Column({ ...ID, nullable: true }) legalHoldById: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) legalHoldReason: string | null;
  /** the last release of a hold (it also lifts the automatic hold of an earlier authorities alert) */
  @Column({ ...INSTANT, nullable: true }) legalHoldReleasedAt: string | null;
  /** when the retention purge anonymised the case (null: never) */
  @Column({ ...INSTANT, nullable: true }) anonymisedAt: string | null;
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
