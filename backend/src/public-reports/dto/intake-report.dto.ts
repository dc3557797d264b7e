import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Check } from '../../common/check.decorator';
import { INTAKE_STATUSES, REPORTER_ROLES, SINCE, type IntakeStatus, type ReporterRole, type Since } from '../public-report.entities';
import { plainText } from './public-report.dto';

const toInt = (v: unknown): number | null => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : null);

export class ListIntakeReportsQuery {
  @ApiPropertyOptional({ enum: [...INTAKE_STATUSES, 'all'], description: 'pending by default' })
  @Check((v) =>
    v === undefined || (typeof v === 'string' && [...INTAKE_STATUSES, 'all'].includes(v)) ? null : 'intakeReport.status.invalid',
  )
  status?: IntakeStatus | 'all';

  @ApiPropertyOptional({ example: '1' })
  @Check((v) => (v === undefined || (toInt(v) ?? 0) >= 1 ? null : 'query.page.invalid'))
  page?: string;

  @ApiPropertyOptional({ example: '20', description: '1 to 100' })
  @Check((v) => {
    if (v === undefined) return null;
    const n = toInt(v);
    return n !== null && n >= 1 && n <= 100 ? null : 'query.pageSize.invalid';
  })
  pageSize?: string;
}

export class LinkIntakeReportDto {
  @ApiProperty({ description: 'a case of the school' })
  @Check((v) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? null : 'intakeReport.caseId.invalid'))
  caseId: string;
}

export class DismissIntakeReportDto {
  @ApiProperty({ minLength: 3, maxLength: 500, description: 'why (kept for the team; the reporter only sees "closed")' })
  @Check((v) => (plainText(v, 3, 500) ? null : 'intakeReport.reason.invalid'))
  reason: string;
}

export class IntakeMessageDto {
  @ApiProperty({ minLength: 1, maxLength: 1000, description: 'plain text; the reporter sees it as from "the team"' })
  @Check((v) => (plainText(v, 1, 1000) ? null : 'publicReport.message.invalid'))
  body: string;
}

export class IntakeReportItemDto {
  @ApiProperty() id: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ enum: REPORTER_ROLES }) reporterRole: ReporterRole;
  @ApiProperty({ enum: SINCE }) since: Since;
  @ApiProperty({ type: [String] }) platforms: string[];
  @ApiProperty() dangerNow: boolean;
  @ApiProperty({ description: 'no contact details were given' }) anonymous: boolean;
  @ApiProperty({ enum: INTAKE_STATUSES }) status: IntakeStatus;
  @ApiProperty({ description: 'first 120 characters of what happened' }) preview: string;
  @ApiProperty({ description: "the reporter's messages no one in the team has read yet" }) unreadMessages: number;
}

export class IntakeReportPageDto {
  @ApiProperty({ type: [IntakeReportItemDto] }) items: IntakeReportItemDto[];
  @ApiProperty() total: number;
}

export class IntakeMessageViewDto {
  @ApiProperty({ enum: ['reporter', 'team'] }) from: 'reporter' | 'team';
  @ApiProperty() body: string;
  @ApiProperty() at: string;
  @ApiPropertyOptional({ description: 'the team member who wrote it (staff view only)' }) authorName?: string;
}

export class IntakeEventDto {
  @ApiProperty({ example: 'received', description: 'received, reporter_message, team_message, converted, linked, dismissed, closed' })
  type: string;
  @ApiProperty() at: string;
  @ApiPropertyOptional() actorName?: string;
}

export class IntakeReportDetailDto {
  @ApiProperty() id: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ enum: ['fr', 'ar', 'en'] }) language: string;
  @ApiProperty({ enum: REPORTER_ROLES }) reporterRole: ReporterRole;
  @ApiProperty() whatHappened: string;
  @ApiProperty({ type: [String] }) platforms: string[];
  @ApiProperty({ enum: SINCE }) since: Since;
  @ApiProperty({ type: String, nullable: true }) involved: string | null;
  @ApiProperty() dangerNow: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'null: anonymous' }) contact: string | null;
  @ApiProperty({ enum: INTAKE_STATUSES }) status: IntakeStatus;
  @ApiProperty({ description: 'the team closed the conversation (the reporter sees "closed")' }) closed: boolean;
  @ApiPropertyOptional() caseId?: string;
  @ApiPropertyOptional() caseReference?: string;
  @ApiPropertyOptional() dismissReason?: string;
  @ApiProperty({ type: [IntakeMessageViewDto] }) messages: IntakeMessageViewDto[];
  @ApiProperty({ type: [IntakeEventDto] }) events: IntakeEventDto[];
}

export class ConvertedDto {
  @ApiProperty() caseId: string;
  @ApiProperty({ example: '2026-0007' }) reference: string;
}

export class IntakeSummaryDto {
  @ApiProperty() pending: number;
  @ApiProperty() unreadMessages: number;
}

export class PosterDto {
  @ApiProperty({ enum: ['fr', 'ar'] })
  @Check((v) => (v === 'fr' || v === 'ar' ? null : 'poster.lang.invalid'))
  lang: 'fr' | 'ar';
}
