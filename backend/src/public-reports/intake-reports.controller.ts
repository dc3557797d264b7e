import { Body, Controller, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SessionUser } from '../common/request-context';
import {
  ConvertedDto,
  DismissIntakeReportDto,
  IntakeMessageDto,
  IntakeMessageViewDto,
  IntakeReportDetailDto,
  IntakeReportPageDto,
  IntakeSummaryDto,
  LinkIntakeReportDto,
  ListIntakeReportsQuery,
} from './dto/intake-report.dto';
import { IntakeReportsService } from './intake-reports.service';

/** The intake queue of the school's resource team: reports from the public channel (docs/public-reporting.md). */
@ApiTags('intake-reports')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('intake-reports')
export class IntakeReportsController {
  constructor(private readonly reports: IntakeReportsService) {}

  @Get()
  @ApiOkResponse({ type: IntakeReportPageDto, description: 'Reports of the school, newest first; pending by default' })
  list(@CurrentUser() user: SessionUser, @Query() query: ListIntakeReportsQuery): Promise<IntakeReportPageDto> {
    return this.reports.list(user, query);
  }

  @Get('summary')
  @ApiOkResponse({ type: IntakeSummaryDto, description: 'Pending reports and unread messages of the school (badge)' })
  summary(@CurrentUser() user: SessionUser): Promise<IntakeSummaryDto> {
    return this.reports.summary(user);
  }

  @Get(':id')
  @ApiOkResponse({ type: IntakeReportDetailDto, description: 'The whole report (audited like reading a case)' })
  detail(@CurrentUser() user: SessionUser, @Param('id') id: string, @Ip() ip: string): Promise<IntakeReportDetailDto> {
    return this.reports.detail(user, id, ip ?? null);
  }

  @Post(':id/convert')
  @ApiCreatedResponse({ type: ConvertedDto, description: 'A case opened from the report (as POST /api/cases does)' })
  convert(@CurrentUser() user: SessionUser, @Param('id') id: string, @Ip() ip: string): Promise<ConvertedDto> {
    return this.reports.convert(user, id, ip ?? null);
  }

  @Post(':id/link')
  @HttpCode(200)
  @ApiOkResponse({ type: IntakeReportDetailDto, description: 'The report linked to a case of the school' })
  link(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() body: LinkIntakeReportDto,
    @Ip() ip: string,
  ): Promise<IntakeReportDetailDto> {
    return this.reports.link(user, id, body.caseId, ip ?? null);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @ApiOkResponse({ type: IntakeReportDetailDto, description: 'Dismissed with a reason; the reporter sees "closed"' })
  dismiss(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() body: DismissIntakeReportDto,
    @Ip() ip: string,
  ): Promise<IntakeReportDetailDto> {
    return this.reports.dismiss(user, id, body.reason, ip ?? null);
  }

  @Post(':id/messages')
  @ApiCreatedResponse({ type: [IntakeMessageViewDto], description: 'The messages of the report, the new one last' })
  message(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Body() body: IntakeMessageDto,
    @Ip() ip: string,
  ): Promise<IntakeMessageViewDto[]> {
    return this.reports.message(user, id, body.body, ip ?? null);
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOkResponse({ type: IntakeReportDetailDto, description: 'The conversation ends; the reporter sees "closed"' })
  close(@CurrentUser() user: SessionUser, @Param('id') id: string, @Ip() ip: string): Promise<IntakeReportDetailDto> {
    return this.reports.close(user, id, ip ?? null);
  }
}
