import { Body, Controller, Get, Header, HttpCode, Ip, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SessionUser } from '../common/request-context';
import { DocumentsService } from './documents.service';
import { CaseDocumentDto, ExportDocumentDto } from './dto/documents.dto';

/** The official documents of a case (docs/documents.md). */
@ApiTags('documents')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('cases/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @ApiOkResponse({ type: [CaseDocumentDto], description: 'The documents of the case, available or not (with the reason)' })
  list(@CurrentUser() user: SessionUser, @Param('id') id: string): Promise<CaseDocumentDto[]> {
    return this.documents.list(user, id);
  }

  /** POST, so that a password never travels in a URL. */
  @Post(':template')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF, as an attachment named <reference>-<template>-<lang>.pdf' })
  async export(
    @CurrentUser() user: SessionUser,
    @Param('id') id: string,
    @Param('template') template: string,
    @Body() body: ExportDocumentDto,
    @Ip() ip: string,
  ): Promise<StreamableFile> {
    const { pdf, filename } = await this.documents.export(user, id, template, body.lang, body.password, ip ?? null);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${filename}"`, length: pdf.length });
  }
}
