import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SessionUser } from '../common/request-context';
import type { RenderLang } from '@sanad/templates/host';
import { StatisticsDto } from './dto/statistics.dto';
import { StatisticsQuery, StatisticsReportQuery } from './dto/statistics.query';
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

  @Get('report.pdf')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description:
      'The same view as the D13 statistics report (PDF, vector bar charts): same filters, scope and suppression ("<5", "c"); attachment statistiques-YYYY-MM-DD.pdf',
  })
  async report(@CurrentUser() user: SessionUser, @Query() query: StatisticsReportQuery): Promise<StreamableFile> {
    const { lang, ...filters } = query;
    const { pdf, filename } = await this.statistics.reportPdf(user, filters, (lang ?? 'fr') as RenderLang);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${filename}"`, length: pdf.length });
  }
}
