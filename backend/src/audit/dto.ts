import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Check, isCalendarDate } from '../common/check.decorator';
import { AUDIT_ACTIONS, isAuditAction } from './audit-chain';

const toInt = (v: unknown): number | null =>
  typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : typeof v === 'number' && Number.isInteger(v) ? v : null;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const date = (v: unknown) => (v === undefined || (typeof v === 'string' && isCalendarDate(v)) ? null : 'audit.date.invalid');

export class ListAuditQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @Check((v) => (v === undefined || (toInt(v) ?? 0) >= 1 ? null : 'query.page.invalid'))
  page?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @Check((v) => {
    if (v === undefined) return null;
    const n = toInt(v);
    return n !== null && n >= 1 && n <= 100 ? null : 'query.pageSize.invalid';
  })
  pageSize?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @Check((v) => (v === undefined || isAuditAction(v) ? null : 'audit.action.invalid'))
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Check((v) => (v === undefined || (typeof v === 'string' && UUID.test(v)) ? null : 'audit.caseId.invalid'))
  caseId?: string;

  @ApiPropertyOptional({ example: '2026-11-01', description: 'first day (YYYY-MM-DD, Moroccan time), inclusive' })
  @Check(date)
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'last day (YYYY-MM-DD, Moroccan time), inclusive' })
  @Check(date)
  to?: string;
}

export class AuditActorDto {
  @ApiProperty({ type: String, nullable: true }) id: string | null;
  @ApiProperty({ type: String, nullable: true }) role: string | null;
}

export class AuditEntryDto {
  @ApiProperty() seq: number;
  @ApiProperty() id: string;
  @ApiProperty({ example: '2026-11-22T09:15:00.000Z' }) at: string;
  @ApiProperty({ type: AuditActorDto, nullable: true, description: 'null when nobody was signed in' }) actor: AuditActorDto | null;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action: string;
  @ApiProperty({ type: String, nullable: true }) schoolId: string | null;
  @ApiProperty({ type: String, nullable: true }) caseId: string | null;
  @ApiProperty({ type: String, nullable: true }) targetId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'client address; admins only' }) ip?: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'ids and codes only' }) details: Record<string, unknown>;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class AuditVerificationDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'entries verified (before the break, when broken)' }) count: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'hash of the last entry, when ok' }) lastHash?: string | null;
  @ApiPropertyOptional({ description: 'seq of the first broken link, when not ok' }) brokenAt?: number;
  @ApiPropertyOptional({ enum: ['missing_entry', 'unexpected_seq', 'prev_hash_mismatch', 'hash_mismatch'] }) reason?: string;
}
