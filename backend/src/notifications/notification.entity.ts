import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ID, INSTANT } from '../database/columns';

export type NotificationKind =
  | 'deadline_warning'
  | 'deadline_overdue'
  | 'deadline_escalation'
  | 'step_returned'
  | 'case_assigned'
  | 'danger_reported'
  // transmissions (issue #9): a report arrived (officers), a message in its thread (the other side)
  | 'transmission_submitted'
  | 'transmission_message'
  // the public reporting channel (issue #11): a new report in the intake queue; one where someone is in danger now
  | 'intake_report'
  | 'intake_report_danger';

/** An in-app notice for one person. `dedupeKey` makes the scheduler idempotent across runs and instances. */
@Entity('notifications')
export class Notification {
  @PrimaryColumn(ID) id: string;
  @Column({ ...ID }) userId: string;
  /** the case concerned; null for a notice about a transmission that shows no case (officers, school summaries) */
  @Column({ ...ID, nullable: true }) caseId: string | null;
  /** the transmission concerned (issue #9), if any */
  @Column({ ...ID, nullable: true }) transmissionId: string | null;
  /** the report of the intake queue concerned (issue #11), if any */
  @Column({ ...ID, nullable: true }) intakeReportId: string | null;
  @Column({ type: 'varchar', length: 80, nullable: true }) stepId: string | null;
  @Column({ type: 'varchar', length: 30 }) kind: NotificationKind;
  @Column({ ...INSTANT, nullable: true }) dueAt: string | null;
  @Column({ type: 'varchar', length: 200, unique: true }) dedupeKey: string;
  @Column(INSTANT) createdAt: string;
  @Column({ ...INSTANT, nullable: true }) readAt: string | null;
  @Column({ ...INSTANT, nullable: true }) emailedAt: string | null;
}
