import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SessionUser } from '../common/request-context';
import { StatisticsDto } from './dto/statistics.dto';
import { StatisticsQuery } from './dto/statistics.query';
import { StatisticsService } from './statistics.service';

/** Statistics of the cases for principals (own school), officers and administrators (their unit): docs/statistics.md. */
@ApiTags('statistics')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({
    type: StatisticsDto,
    description: 'Counts, breakdowns, durations; small cells suppressed for officers and administrators',
  })
  get(@CurrentUser() user: SessionUser, @Query() query: StatisticsQuery): Promise<StatisticsDto> {
    return this.statistics.statistics(user, query);
  }

  @Get('export.csv')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: "Cases by Ministry school-violence category (open, closed): UTF-8 with BOM, ';' separated" })
  async export(@CurrentUser() user: SessionUser, @Query() query: StatisticsQuery): Promise<StreamableFile> {
    const { csv, filename } = await this.statistics.ministryExport(user, query);
    const bytes = Buffer.from(csv, 'utf8');
    return new StreamableFile(bytes, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${filename}"`,
      length: bytes.length,
    });
  }
}
