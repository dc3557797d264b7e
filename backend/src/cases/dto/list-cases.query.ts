import { ApiPropertyOptional } from '@nestjs/swagger';
import { Check } from '../../common/check.decorator';

const toInt = (v: unknown): number | null =>
  typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : typeof v === 'number' && Number.isInteger(v) ? v : null;

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
}
