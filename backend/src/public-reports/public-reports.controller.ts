import { Body, Controller, Get, HttpCode, Ip, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import {
  ChallengeDto,
  ChallengeQuery,
  FollowUpDto,
  FollowUpMessageDto,
  FollowUpViewDto,
  PublicSchoolDto,
  ReportReceiptDto,
  SubmitPublicReportDto,
} from './dto/public-report.dto';
import { PublicReportsService, RateLimited } from './public-reports.service';

/** Sets `Retry-After` on a 429 of the rate limiters, then lets the error filter answer. */
async function retryAfter<T>(res: Response, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof RateLimited) res.setHeader('Retry-After', String(e.retryAfterSeconds));
    throw e;
  }
}

/**
 * The public reporting channel (issue #11, docs/public-reporting.md): no account. The client address (`@Ip()`,
 * behind a local proxy its X-Forwarded-For) feeds the in-memory rate limiters only; it is never stored.
 */
@ApiTags('public')
@Public()
@Controller('public')
export class PublicReportsController {
  constructor(private readonly reports: PublicReportsService) {}

  @Get('schools/:schoolCode')
  @ApiOkResponse({
    type: PublicSchoolDto,
    description: "A school's public page: names and helplines; unknown: 404 PUBLIC_SCHOOL_NOT_FOUND",
  })
  school(@Param('schoolCode') code: string): Promise<PublicSchoolDto> {
    return this.reports.school(code);
  }

  @Get('challenge')
  @ApiOkResponse({ type: ChallengeDto, description: 'A signed proof-of-work challenge for the form (single use, 10 minutes)' })
  @ApiTooManyRequestsResponse({
    description: "PUBLIC_REPORT_RATE_LIMITED (the school's or the address's quota is used up), with Retry-After",
  })
  challenge(@Query() query: ChallengeQuery, @Ip() ip: string, @Res({ passthrough: true }) res: Response): Promise<ChallengeDto> {
    return retryAfter(res, this.reports.challenge(query.school, ip ?? ''));
  }

  @Post('schools/:schoolCode/reports')
  @ApiCreatedResponse({ type: ReportReceiptDto, description: 'The report code and the passcode, shown once' })
  @ApiTooManyRequestsResponse({ description: 'PUBLIC_REPORT_RATE_LIMITED, with Retry-After' })
  submit(
    @Param('schoolCode') code: string,
    @Body() body: SubmitPublicReportDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReportReceiptDto> {
    return retryAfter(res, this.reports.submit(code, body, ip ?? ''));
  }

  /** POST, so that the code and the passcode never travel in a URL. */
  @Post('follow-up')
  @HttpCode(200)
  @ApiOkResponse({ type: FollowUpViewDto, description: 'Status in plain words and the messages; never any case content' })
  followUp(@Body() body: FollowUpDto, @Ip() ip: string, @Res({ passthrough: true }) res: Response): Promise<FollowUpViewDto> {
    return retryAfter(res, this.reports.followUp(body.reportCode, body.passcode, ip ?? ''));
  }

  @Post('follow-up/messages')
  @ApiCreatedResponse({ type: FollowUpViewDto, description: 'The message is sent; the same view as follow-up' })
  reply(@Body() body: FollowUpMessageDto, @Ip() ip: string, @Res({ passthrough: true }) res: Response): Promise<FollowUpViewDto> {
    return retryAfter(res, this.reports.reply(body.reportCode, body.passcode, body.body, ip ?? ''));
  }
}
