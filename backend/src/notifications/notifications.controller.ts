import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import { DomainError } from '../common/domain-error';
import type { SessionUser } from '../common/request-context';
import { nowIso } from '../database/columns';
import { CaseRecord } from '../cases/case.entities';
import { can, caseSubject, loadCaseAccess } from '../access';
import { visibleTransmissions } from '../transmissions/transmission-queries';
import { visibleIntakeReports } from '../public-reports/intake-queries';
import { Notification, type NotificationKind } from './notification.entity';

export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({
    enum: [
      'deadline_warning',
      'deadline_overdue',
      'deadline_escalation',
      'step_returned',
      'case_assigned',
      'danger_reported',
      'transmission_submitted',
      'transmission_message',
      'intake_report',
      'intake_report_danger',
    ],
  })
  kind: NotificationKind;
  @ApiProperty({ type: String, nullable: true, description: 'null for a notice about a transmission without a case shown (officers)' })
  caseId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the transmission concerned (issue #9)' }) transmissionId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the report of the intake queue concerned (issue #11)' })
  intakeReportId: string | null;
  @ApiProperty({
    example: '2026-0007',
    description: "the case's reference, or a transmission's (school code and case reference or period), or a report's code (R7K-4QX-9TB)",
  })
  reference: string;
  @ApiProperty({ type: String, nullable: true }) stepId: string | null;
  @ApiProperty({ type: String, nullable: true }) dueAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() read: boolean;
}

@ApiTags('notifications')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('notifications')
export class NotificationsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The signed-in person's latest 50 notices, newest first. */
  @Get()
  @ApiOkResponse({ type: [NotificationDto], description: "The signed-in person's latest 50 notices, newest first" })
  async list(@CurrentUser() user: SessionUser): Promise<NotificationDto[]> {
    const rows = await this.db.getRepository(Notification).find({ where: { userId: user.id }, order: { createdAt: 'DESC' }, take: 50 });
    const ids = [...new Set(rows.flatMap((r) => (r.caseId ? [r.caseId] : [])))];
    const cases = ids.length ? await this.db.getRepository(CaseRecord).findBy(ids.map((id) => ({ id }))) : [];
    const access = await loadCaseAccess(this.db.manager, ids);
    const transmissions = await visibleTransmissions(
      this.db,
      user,
      rows.flatMap((r) => (r.transmissionId ? [r.transmissionId] : [])),
    );
    const reports = await visibleIntakeReports(
      this.db,
      user,
      rows.flatMap((r) => (r.intakeReportId ? [r.intakeReportId] : [])),
    );
    // notices about a case the person may no longer see (restricted since) are not shown; a transmission's notice
    // is shown while the person sees the transmission (transmission-scope.ts), a report's while it is in the
    // person's school (intake-scope.ts)
    const visible = rows.filter((n) => {
      if (n.intakeReportId) return reports.has(n.intakeReportId);
      if (n.transmissionId) return transmissions.has(n.transmissionId);
      const c = cases.find((x) => x.id === n.caseId);
      return c !== undefined && can(user, 'read', caseSubject(c, access.get(c.id) ?? { restricted: false, memberIds: [] }));
    });
    return visible.map((n) => ({
      id: n.id,
      kind: n.kind,
      caseId: n.caseId,
      transmissionId: n.transmissionId,
      intakeReportId: n.intakeReportId,
      reference: n.intakeReportId
        ? (reports.get(n.intakeReportId) ?? '')
        : n.transmissionId
          ? (transmissions.get(n.transmissionId) ?? '')
          : (cases.find((c) => c.id === n.caseId)?.reference ?? ''),
      stepId: n.stepId,
      dueAt: n.dueAt,
      createdAt: n.createdAt,
      read: n.readAt !== null,
    }));
  }

  @Post(':id/read')
  @HttpCode(204)
  async markRead(@CurrentUser() user: SessionUser, @Param('id') id: string): Promise<void> {
    const result = await this.db.getRepository(Notification).update({ id, userId: user.id, readAt: IsNull() }, { readAt: nowIso() });
    if (!result.affected && !(await this.db.getRepository(Notification).existsBy({ id, userId: user.id }))) {
      throw new DomainError('NOTIFICATION_NOT_FOUND');
    }
  }
}
