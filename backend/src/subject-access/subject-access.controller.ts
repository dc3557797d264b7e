import { Body, Controller, Get, Header, HttpCode, Ip, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SessionUser } from '../common/request-context';
import { PupilSearchDto, SearchPupilsQuery, SubjectExportDto, SubjectExportPdfRequestDto, SubjectExportRequestDto } from './dto';
import { SubjectAccessService } from './subject-access.service';

/** Access requests under Law 09-08 (docs/subject-access.md): principal only. Thin: rules are in SubjectAccessService. */
@ApiTags('subject-access')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('subject-access')
export class SubjectAccessController {
  constructor(private readonly service: SubjectAccessService) {}

  @Get('people')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: PupilSearchDto, description: 'The person records of the school’s cases whose name matches (200 at most)' })
  search(@CurrentUser() user: SessionUser, @Query() query: SearchPupilsQuery, @Ip() ip: string): Promise<PupilSearchDto> {
    return this.service.search(user, query.q, ip ?? null);
  }

  /** POST: the ids chosen travel in the body; every export is recorded in the audit trail. */
  @Post('export')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: SubjectExportDto, description: 'Everything held about the pupil of these records, other people as codes' })
  export(@CurrentUser() user: SessionUser, @Body() body: SubjectExportRequestDto, @Ip() ip: string): Promise<SubjectExportDto> {
    return this.service.export(user, body.personIds, 'json', ip ?? null);
  }

  @Post('export.pdf')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The same export as a readable PDF, as an attachment named sanad-acces-<day>-<lang>.pdf' })
  async exportPdf(@CurrentUser() user: SessionUser, @Body() body: SubjectExportPdfRequestDto, @Ip() ip: string): Promise<StreamableFile> {
    const { pdf, filename } = await this.service.exportPdf(user, body.personIds, body.lang ?? 'fr', ip ?? null);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${filename}"`, length: pdf.length });
  }
}
