import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Check, isCalendarDate } from '../../common/check.decorator';
import type { MessageKey } from '../../common/messages';
import { TRANSMISSION_EVENT_TYPES, TRANSMISSION_STATUSES } from '../transmission.entities';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const positiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1_000_000_000;
const optional = (rule: (v: unknown) => MessageKey | null) => (v: unknown) => (v === undefined ? null : rule(v));
const comment = (v: unknown): MessageKey | null =>
  v === undefined || v === null || (typeof v === 'string' && v.length <= 2000 && !CONTROL.test(v)) ? null : 'transmission.comment.invalid';
const toInt = (v: unknown): number | null => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : null);
const day = (v: unknown): MessageKey | null => (typeof v === 'string' && isCalendarDate(v) ? null : 'query.filter.invalid');
const PERIOD = /^\d{4}-(0[1-9]|1[0-2]|T[12])$/;

// ------------------------------------------------------------------ requests

export class TransmitCaseDto {
  @ApiProperty({ example: 'triage_report', description: "a transmission id of the protocol's reporting rules, due for the case" })
  @Check((v) => (typeof v === 'string' && /^[a-z][a-z0-9_]{0,39}$/.test(v) ? null : 'transmission.kind.invalid'))
  kind: string;

  @ApiPropertyOptional({ description: 'a word for the officer (never put a name in it: it leaves the school)', maxLength: 2000 })
  @Check(comment)
  comment?: string | null;

  @ApiProperty({ description: 'seq of the last event of the case the principal saw', example: 7 })
  @Check((v) => (positiveInt(v) ? null : 'event.expectedSeq.invalid'))
  expectedSeq: number;
}

export class TransmissionMessageDto {
  @ApiProperty({ maxLength: 2000 })
  @Check((v) =>
    typeof v === 'string' && v.trim().length >= 1 && v.length <= 2000 && !CONTROL.test(v) ? null : 'transmission.text.invalid',
  )
  text: string;
}

export class SubmitSummaryDto {
  @ApiProperty({ example: '2026-11', description: 'a month (YYYY-MM) or a term of the school year starting that year (YYYY-T1, YYYY-T2)' })
  @Check((v) => (typeof v === 'string' && PERIOD.test(v) ? null : 'transmission.period.invalid'))
  period: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Check(comment)
  comment?: string | null;
}

export class SummaryPreviewQuery {
  @ApiProperty({ example: '2026-T1' })
  @Check((v) => (typeof v === 'string' && PERIOD.test(v) ? null : 'transmission.period.invalid'))
  period: string;
}

export class ListTransmissionsQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @Check((v) => (v === undefined || (toInt(v) ?? 0) >= 1 ? null : 'query.page.invalid'))
  page?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Check((v) => {
    if (v === undefined) return null;
    const n = toInt(v);
    return n !== null && n >= 1 && n <= 100 ? null : 'query.pageSize.invalid';
  })
  pageSize?: string;

  @ApiPropertyOptional({ example: 'submitted,information_requested', description: 'statuses, comma-separated' })
  @Check(
    optional((v) =>
      typeof v === 'string' && v.split(',').every((s) => (TRANSMISSION_STATUSES as readonly string[]).includes(s))
        ? null
        : 'query.filter.invalid',
    ),
  )
  status?: string;

  @ApiPropertyOptional({ example: 'triage_report', description: 'kinds, comma-separated (school_summary for the summaries)' })
  @Check(
    optional((v) =>
      typeof v === 'string' && /^[a-z][a-z0-9_]{0,39}(,[a-z][a-z0-9_]{0,39}){0,9}$/.test(v) ? null : 'query.filter.invalid',
    ),
  )
  kind?: string;

  @ApiPropertyOptional({ description: 'a school id' })
  @Check(optional((v) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? null : 'query.filter.invalid')))
  school?: string;

  @ApiPropertyOptional({ example: '2026-T1', description: 'sent in this month (YYYY-MM) or term (YYYY-T1, YYYY-T2)' })
  @Check(optional((v) => (typeof v === 'string' && PERIOD.test(v) ? null : 'query.filter.invalid')))
  period?: string;

  @ApiPropertyOptional({ example: '2026-11-01', description: 'sent on or after (YYYY-MM-DD)' })
  @Check(optional(day))
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'sent on or before (inclusive)' })
  @Check(optional(day))
  to?: string;
}

// ------------------------------------------------------------------ responses

export class LocalizedDto {
  @ApiProperty() fr: string;
  @ApiProperty() ar: string;
  @ApiProperty() en: string;
}

export class NamesDto {
  @ApiProperty() fr: string;
  @ApiProperty() ar: string;
}

export class UnitNameDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: LocalizedDto }) name: LocalizedDto;
}

export class LevelDto {
  @ApiProperty({ example: 'college' }) code: string;
  @ApiProperty({ type: LocalizedDto }) label: LocalizedDto;
}

export class SchoolRefDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'RSK-RAB-0001' }) code: string;
  @ApiProperty({ type: NamesDto }) name: NamesDto;
  @ApiProperty({ type: UnitNameDto }) province: UnitNameDto;
  @ApiProperty({ type: UnitNameDto }) academy: UnitNameDto;
  @ApiProperty({ type: LevelDto }) level: LevelDto;
}

export class CodeLabelDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: LocalizedDto }) label: LocalizedDto;
}

export class CodeLabelCountDto extends CodeLabelDto {
  @ApiProperty() count: number;
}

export class KeyDateDto {
  @ApiProperty() stepId: string;
  @ApiProperty({ type: LocalizedDto }) title: LocalizedDto;
  @ApiProperty() at: string;
  @ApiProperty({ type: String, nullable: true }) signedAt: string | null;
}

export class EscalationDto {
  @ApiProperty() stepId: string;
  @ApiProperty({ type: LocalizedDto }) authority: LocalizedDto;
  @ApiProperty() at: string;
  @ApiProperty({ type: String, nullable: true, description: 'a reference number (PV, ticket), never free text' }) reference: string | null;
}

export class PseudonymDto {
  @ApiProperty({ example: 'E1' }) code: string;
  @ApiProperty({ enum: ['target', 'author', 'witness', 'reporter'] }) role: string;
}

export class StateRefDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: LocalizedDto }) label: LocalizedDto;
}

/** A pseudonymised case report, as sent (snapshot.ts says what it never contains). */
export class CaseSnapshotDto {
  @ApiProperty({ enum: ['case_report'] }) type: 'case_report';
  @ApiProperty() kind: string;
  @ApiProperty({ type: LocalizedDto }) kindLabel: LocalizedDto;
  @ApiProperty({ example: 'RSK-RAB-0001-2026-0007' }) caseCode: string;
  @ApiProperty({ type: SchoolRefDto }) school: SchoolRefDto;
  @ApiProperty() occurredOn: string;
  @ApiProperty() openedAt: string;
  @ApiProperty({ type: String, nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'T2' }) tier: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'MPP' }) track: string | null;
  @ApiProperty({ type: StateRefDto }) state: StateRefDto;
  @ApiProperty() closed: boolean;
  @ApiProperty({ type: [CodeLabelDto] }) types: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto] }) platforms: CodeLabelDto[];
  @ApiProperty({ type: [KeyDateDto] }) keyDates: KeyDateDto[];
  @ApiProperty({ type: String, nullable: true, enum: ['STOPPED', 'DECREASED', 'CONTINUED'] }) followUpOutcome: string | null;
  @ApiProperty({ type: [EscalationDto] }) escalations: EscalationDto[];
  @ApiProperty({ type: [PseudonymDto] }) people: PseudonymDto[];
}

export class PeriodDto {
  @ApiProperty({ example: '2026-T1' }) id: string;
  @ApiProperty({ enum: ['month', 'term'] }) kind: 'month' | 'term';
  @ApiProperty({ example: '2026-09-01' }) from: string;
  @ApiProperty({ example: '2027-02-01', description: 'exclusive' }) to: string;
  @ApiProperty({ type: LocalizedDto }) label: LocalizedDto;
}

export class TierCountDto {
  @ApiProperty({ enum: ['T0', 'T1', 'T2', 'T3', 'none'] }) tier: string;
  @ApiProperty() count: number;
}

/** A school summary: counts only, no identity, no text. */
export class SummarySnapshotDto {
  @ApiProperty({ enum: ['school_summary'] }) type: 'school_summary';
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty({ type: SchoolRefDto }) school: SchoolRefDto;
  @ApiProperty({ description: 'cases reported in the period' }) reported: number;
  @ApiProperty({ type: [TierCountDto] }) byTier: TierCountDto[];
  @ApiProperty({ type: [CodeLabelCountDto] }) byType: CodeLabelCountDto[];
  @ApiProperty({ type: [CodeLabelCountDto] }) byPlatform: CodeLabelCountDto[];
  @ApiProperty({ description: 'cases whose closure was approved in the period' }) closed: number;
  @ApiProperty({ description: 'cases open at the end of the period' }) openAtEnd: number;
  @ApiProperty({ description: 'case reports sent in the period' }) caseReportsSent: number;
}

export class TransmissionEventDto {
  @ApiProperty() seq: number;
  @ApiProperty({ enum: TRANSMISSION_EVENT_TYPES }) type: string;
  @ApiProperty({ enum: ['school', 'officer'] }) side: 'school' | 'officer';
  @ApiProperty({ description: "the actor's role; officers and principals are shown by role, not by name" }) actorRole: string;
  @ApiProperty({ type: String, nullable: true, description: 'a message, or the comment sent with the report' }) text: string | null;
  @ApiProperty({ enum: TRANSMISSION_STATUSES }) status: string;
  @ApiProperty() at: string;
}

/** One transmission in a list (inbox, a case's transmissions). */
export class TransmissionSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'triage_report' }) kind: string;
  @ApiProperty({ type: LocalizedDto }) kindLabel: LocalizedDto;
  @ApiProperty({ example: 'RSK-RAB-0001-2026-0007' }) reference: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11' }) period: string | null;
  @ApiProperty({ enum: TRANSMISSION_STATUSES }) status: string;
  @ApiProperty({ type: SchoolRefDto }) school: SchoolRefDto;
  @ApiProperty() sentAt: string;
  @ApiProperty({ type: String, nullable: true }) acknowledgedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) handledAt: string | null;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ description: 'messages in the thread' }) messageCount: number;
}

export class TransmissionPageDto {
  @ApiProperty({ type: [TransmissionSummaryDto] }) items: TransmissionSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** One transmission with its content and its events (messages included). */
export class TransmissionDetailDto extends TransmissionSummaryDto {
  @ApiProperty({ type: CaseSnapshotDto, nullable: true, description: 'for a case report (null for a summary)' })
  caseReport: CaseSnapshotDto | null;
  @ApiProperty({ type: SummarySnapshotDto, nullable: true, description: 'for a school summary (null for a case report)' })
  summary: SummarySnapshotDto | null;
  @ApiProperty({ description: 'a PDF is available at /api/transmissions/:id/report.pdf' }) hasReport: boolean;
  @ApiProperty({ type: [TransmissionEventDto] }) events: TransmissionEventDto[];
  @ApiProperty({ description: 'what the caller may do now', type: [String], enum: ['acknowledge', 'message', 'handle'] })
  actions: string[];
}

export class DueTransmissionDto {
  @ApiProperty({ example: 'closure_report' }) kind: string;
  @ApiProperty({ type: LocalizedDto }) label: LocalizedDto;
  @ApiProperty({ enum: ['not_due', 'due', 'sent'] }) status: string;
}

/** The case page: the reports the protocol provides for, which are due, and those sent with their threads. */
export class CaseTransmissionsDto {
  @ApiProperty({ type: [DueTransmissionDto], description: "every report of the protocol's reporting rules with its status" })
  reports: DueTransmissionDto[];
  @ApiProperty({ description: 'the caller may send a due report (the principal)' }) canTransmit: boolean;
  @ApiProperty({ type: [TransmissionDetailDto] }) transmissions: TransmissionDetailDto[];
}
