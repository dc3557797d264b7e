import { Body, Controller, Get, Header, HttpCode, Ip, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { RenderLang } from '@sanad/templates/host';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import { Check } from '../common/check.decorator';
import type { SessionUser } from '../common/request-context';
import {
  CaseTransmissionsDto,
  ListTransmissionsQuery,
  SubmitSummaryDto,
  SummaryPreviewQuery,
  SummarySnapshotDto,
  TransmissionDetailDto,
  TransmissionMessageDto,
  TransmissionPageDto,
  TransmissionSummaryDto,
  TransmitCaseDto,
} from './dto/transmissions.dto';
import { TransmissionsService } from './transmissions.service';

const LANGS: readonly RenderLang[] = ['fr', 'ar', 'en', 'fr+ar'];

export class ReportPdfQuery {
  @ApiPropertyOptional({ enum: LANGS, default: 'fr' })
  @Check((v) => (v === undefined || LANGS.includes(v as RenderLang) ? null : 'query.filter.invalid'))
  lang?: string;
}

/** The school's side of a case: its reports to the direction provinciale / academy (docs/transmissions.md). */
@ApiTags('transmissions')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('cases/:id/transmissions')
export class CaseTransmissionsController {
  constructor(private readonly transmissions: TransmissionsService) {}

  @Get()
  @ApiOkResponse({ type: CaseTransmissionsDto, description: 'The reports the protocol provides for, and those sent with their threads' })
  list(@CurrentUser() user: SessionUser, @Param('id') id: string): Promise<CaseTransmissionsDto> {
    return this.transmissions.forCase(user, id);
  }

  @Post()
  @ApiCreatedResponse({ type: TransmissionDetailDto, description: 'The report as sent (pseudonymised snapshot, thread)' })
  transmit(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() body: TransmitCaseDto): Promise<TransmissionDetailDto> {
    return this.transmissions.transmit(user, id, body);
  }
}

/** The officers' inbox, and the thread of a transmission (officer and principal). */
@ApiTags('transmissions')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('transmissions')
export class TransmissionsController {
  constructor(private readonly transmissions: TransmissionsService) {}

  @Get()
  @ApiOkResponse({ type: TransmissionPageDto, description: "Transmissions of the schools of the officer's unit, newest first" })
  list(@CurrentUser() user: SessionUser, @Query() query: ListTransmissionsQuery): Promise<TransmissionPageDto> {
    return this.transmissions.list(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: TransmissionDetailDto })
  detail(@CurrentUser() user: SessionUser, @Param('id') id: string, @Ip() ip: string): Promise<TransmissionDetailDto> {
    return this.transmissions.detail(user, id, { ip: ip ?? null });
  }

  @Get(':id/report.pdf')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The academy report as sent, as PDF (case reports only)' })
  async report(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Query() query: ReportPdfQuery,
    @Ip() ip: string,
  ): Promise<StreamableFile> {
    const { pdf, filename } = await this.transmissions.reportPdf(user, id, (query.lang ?? 'fr') as RenderLang, ip ?? null);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${filename}"`, length: pdf.length });
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOkResponse({ type: TransmissionDetailDto })
  acknowledge(@CurrentUser() user: SessionUser, @Param('id') id: string, @Ip() ip: string): Promise<TransmissionDetailDto> {
    return this.transmissions.acknowledge(user, id, ip ?? null);
  }

  @Post(':id/messages')
  @ApiCreatedResponse({ type: TransmissionDetailDto, description: 'The transmission with the message in its thread' })
  message(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() body: TransmissionMessageDto,
    @Ip() ip: string,
  ): Promise<TransmissionDetailDto> {
    return this.transmissions.message(user, id, body.text, ip ?? null);
  }

  @Post(':id/handled')
  @HttpCode(200)
  @ApiOkResponse({ type: TransmissionDetailDto })
  handled(@CurrentUser() user: SessionUser, @Param('id') id: string, @Ip() ip: string): Promise<TransmissionDetailDto> {
    return this.transmissions.handle(user, id, ip ?? null);
  }
}

/** Periodic school summaries (principal): preview the counts of a month or term, submit them, list those sent. */
@ApiTags('transmissions')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('school-summaries')
export class SchoolSummariesController {
  constructor(private readonly transmissions: TransmissionsService) {}

  @Get()
  @ApiOkResponse({ type: [TransmissionSummaryDto], description: "The school's summaries already sent, newest first" })
  list(@CurrentUser() user: SessionUser): Promise<TransmissionSummaryDto[]> {
    return this.transmissions.listSummaries(user);
  }

  @Get('preview')
  @ApiOkResponse({ type: SummarySnapshotDto, description: 'The counts the summary of this period would carry' })
  preview(@CurrentUser() user: SessionUser, @Query() query: SummaryPreviewQuery): Promise<SummarySnapshotDto> {
    return this.transmissions.previewSummary(user, query.period);
  }

  @Post()
  @ApiCreatedResponse({ type: TransmissionDetailDto, description: 'The summary as sent, in the officers’ inbox' })
  submit(@CurrentUser() user: SessionUser, @Body() body: SubmitSummaryDto): Promise<TransmissionDetailDto> {
    return this.transmissions.submitSummary(user, body);
  }
}
