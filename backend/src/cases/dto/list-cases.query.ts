import { ApiPropertyOptional } from '@nestjs/swagger';
import { PLATFORMS } from '@sanad/protocols';
import { Check, isCalendarDate } from '../../common/check.decorator';
import type { MessageKey } from '../../common/messages';

const toInt = (v: unknown): number | null =>
  typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : typeof v === 'number' && Number.isInteger(v) ? v : null;
const optional = (rule: (v: unknown) => MessageKey | null) => (v: unknown) => (v === undefined ? null : rule(v));
/** a comma-separated list of codes */
const codes = (v: unknown): MessageKey | null =>
  typeof v === 'string' && /^[A-Za-z0-9_]{1,40}(,[A-Za-z0-9_]{1,40}){0,19}$/.test(v) ? null : 'query.filter.invalid';
const flag = (v: unknown): MessageKey | null => (v === 'true' || v === 'false' ? null : 'query.filter.invalid');
const day = (v: unknown): MessageKey | null => (typeof v === 'string' && isCalendarDate(v) ? null : 'query.filter.invalid');

export const CASE_SORTS = ['-createdAt', 'createdAt', 'nextDueAt', '-updatedAt', 'reference', '-reference'] as const;

/** The case list: filters (all optional, combined with AND), sorting and pages. Every filter runs in SQL. */
export class ListCasesQuery {
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

  @ApiPropertyOptional({ description: 'part of the reference or of the title' })
  @Check(optional((v) => (typeof v === 'string' && v.trim().length >= 1 && v.length <= 100 ? null : 'query.filter.invalid')))
  q?: string;

  @ApiPropertyOptional({ example: 'REPORTED,TRIAGED', description: 'states, comma-separated' })
  @Check(optional(codes))
  state?: string;

  @ApiPropertyOptional({ example: 'T2,T3' })
  @Check(optional((v) => (typeof v === 'string' && /^T[0-3](,T[0-3]){0,3}$/.test(v) ? null : 'query.filter.invalid')))
  tier?: string;

  @ApiPropertyOptional({ example: 'INSULT', description: 'cases having any of these cyberviolence types' })
  @Check(optional(codes))
  type?: string;

  @ApiPropertyOptional({ example: 'INSTAGRAM', enum: PLATFORMS, description: 'cases on any of these platforms' })
  @Check(
    optional(
      (v) =>
        codes(v) ??
        (String(v)
          .split(',')
          .every((p) => (PLATFORMS as readonly string[]).includes(p))
          ? null
          : 'query.filter.invalid'),
    ),
  )
  platform?: string;

  @ApiPropertyOptional({ description: 'the person who opened the case (user id)' })
  @Check(optional((v) => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? null : 'query.filter.invalid')))
  createdBy?: string;

  @ApiPropertyOptional({ example: 'me', description: "the member in charge: 'me', 'none' (nobody yet) or a user id" })
  @Check(
    optional((v) => (typeof v === 'string' && (v === 'me' || v === 'none' || /^[0-9a-f-]{36}$/i.test(v)) ? null : 'query.filter.invalid')),
  )
  assignee?: string;

  @ApiPropertyOptional({ example: '2026-11-01', description: 'reported on or after (YYYY-MM-DD, Moroccan time)' })
  @Check(optional(day))
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'reported on or before (inclusive)' })
  @Check(optional(day))
  to?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: an open step is past its deadline' })
  @Check(optional(flag))
  overdue?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: "true: a step waits for the principal's signature, review or sign-off" })
  @Check(optional(flag))
  review?: string;

  @ApiPropertyOptional({ enum: CASE_SORTS, default: '-createdAt' })
  @Check(optional((v) => ((CASE_SORTS as readonly unknown[]).includes(v) ? null : 'query.filter.invalid')))
  sort?: string;
}
