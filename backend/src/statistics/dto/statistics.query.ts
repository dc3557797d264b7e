import { ApiPropertyOptional } from '@nestjs/swagger';
import { referenceData } from '@sanad/seeds';
import { Check, isCalendarDate } from '../../common/check.decorator';
import type { MessageKey } from '../../common/messages';

const optional = (rule: (v: unknown) => MessageKey | null) => (v: unknown) => (v === undefined ? null : rule(v));
const day = (v: unknown): MessageKey | null => (typeof v === 'string' && isCalendarDate(v) ? null : 'query.filter.invalid');
const uuid = (v: unknown): MessageKey | null => (typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v) ? null : 'query.filter.invalid');
export const SCHOOL_LEVELS: readonly string[] = referenceData.levels.map((l) => l.code);

/** Filters of the statistics and of their CSV export (all optional, combined with AND). */
export class StatisticsQuery {
  @ApiPropertyOptional({ example: '2026-09-01', description: 'reported on or after (YYYY-MM-DD, Moroccan time)' })
  @Check(optional(day))
  from?: string;

  @ApiPropertyOptional({ example: '2027-06-30', description: 'reported on or before (inclusive)' })
  @Check(optional(day))
  to?: string;

  @ApiPropertyOptional({ description: 'an academy (region id) inside the viewer’s scope' })
  @Check(optional(uuid))
  regionId?: string;

  @ApiPropertyOptional({ description: 'a direction provinciale (province id) inside the viewer’s scope' })
  @Check(optional(uuid))
  provinceId?: string;

  @ApiPropertyOptional({ example: 'college', description: 'school level (schools.level)' })
  @Check(optional((v) => (typeof v === 'string' && SCHOOL_LEVELS.includes(v) ? null : 'query.filter.invalid')))
  level?: string;
}

export const REPORT_LANGS: readonly string[] = ['fr', 'ar', 'en', 'fr+ar'];

/** The filters of the statistics and the language of the PDF report (fr+ar: French then Arabic in one file). */
export class StatisticsReportQuery extends StatisticsQuery {
  @ApiPropertyOptional({ enum: REPORT_LANGS, default: 'fr' })
  @Check(optional((v) => (typeof v === 'string' && REPORT_LANGS.includes(v) ? null : 'query.filter.invalid')))
  lang?: string;
}
