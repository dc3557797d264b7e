import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res, StreamableFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SessionUser } from '../common/request-context';
import {
  DeleteEvidenceDto,
  DescriptionEvidenceDto,
  EvidenceItemDto,
  EvidenceListDto,
  FileFieldsDto,
  LinkEvidenceDto,
  TransmissionDto,
} from './dto';
import { EvidenceService, type UploadedEvidenceFile } from './evidence.service';
import { EvidenceUploadInterceptor } from './upload.interceptor';

const EXTENSION: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

/** The evidence of a case (docs/evidence.md). Thin: rules are in EvidenceService. */
@ApiTags('evidence')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('cases/:id/evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get()
  @ApiOkResponse({ type: EvidenceListDto })
  list(@CurrentUser() user: SessionUser, @Param('id') caseId: string): Promise<EvidenceListDto> {
    return this.evidence.list(user, caseId);
  }

  @Post('files')
  @UseInterceptors(EvidenceUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ description: 'field `file` (PNG, JPEG, WebP, PDF or text) and the fields of FileFieldsDto' })
  @ApiCreatedResponse({ type: EvidenceItemDto })
  addFile(
    @CurrentUser() user: SessionUser,
    @Param('id') caseId: string,
    @Body() fields: FileFieldsDto,
    @Req() req: Request,
  ): Promise<EvidenceItemDto> {
    return this.evidence.addFile(user, caseId, (req as Request & { file?: UploadedEvidenceFile }).file, fields, req.ip ?? null);
  }

  @Post('links')
  @ApiCreatedResponse({ type: EvidenceItemDto })
  addLink(
    @CurrentUser() user: SessionUser,
    @Param('id') caseId: string,
    @Body() body: LinkEvidenceDto,
    @Req() req: Request,
  ): Promise<EvidenceItemDto> {
    return this.evidence.addLink(user, caseId, body, req.ip ?? null);
  }

  @Post('descriptions')
  @ApiCreatedResponse({ type: EvidenceItemDto })
  addDescription(
    @CurrentUser() user: SessionUser,
    @Param('id') caseId: string,
    @Body() body: DescriptionEvidenceDto,
    @Req() req: Request,
  ): Promise<EvidenceItemDto> {
    return this.evidence.addDescription(user, caseId, body, req.ip ?? null);
  }

  @Get(':itemId')
  @ApiOkResponse({ type: EvidenceItemDto, description: 'The item and its chain of custody (viewing it is recorded)' })
  get(
    @CurrentUser() user: SessionUser,
    @Param('id') caseId: string,
    @Param('itemId') itemId: string,
    @Req() req: Request,
  ): Promise<EvidenceItemDto> {
    return this.evidence.get(user, caseId, itemId, req.ip ?? null);
  }

  @Get(':itemId/content')
  @ApiOkResponse({ description: 'The file, always as an attachment (recorded in the chain of custody)' })
  async content(
    @CurrentUser() user: SessionUser,
    @Param('id') caseId: string,
    @Param('itemId') itemId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { bytes, item } = await this.evidence.content(user, caseId, itemId, req.ip ?? null);
    const base = `preuve-${item.storedSha256!.slice(0, 12)}.${EXTENSION[item.mediaType!] ?? 'bin'}`;
    res.setHeader('Content-Type', item.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : item.mediaType!);
    res.setHeader('Content-Disposition', `attachment; filename="${base}"; filename*=UTF-8''${encodeURIComponent(item.fileName ?? base)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(bytes);
  }

  @Post(':itemId/transmissions')
  @HttpCode(200)
  @ApiOkResponse({
    type: EvidenceItemDto,
    description: 'Records that the item was handed to the police, a prosecutor, e-Blagh or a platform',
  })
  transmit(
    @CurrentUser() user: SessionUser,
    @Param('id') caseId: string,
    @Param('itemId') itemId: string,
    @Body() body: TransmissionDto,
    @Req() req: Request,
  ): Promise<EvidenceItemDto> {
    return this.evidence.transmit(user, caseId, itemId, body, req.ip ?? null);
  }

  @Delete(':itemId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "The principal's decision: the content is erased, the record and its hashes stay" })
  delete(
    @CurrentUser() user: SessionUser,
    @Param('id') caseId: string,
    @Param('itemId') itemId: string,
    @Body() body: DeleteEvidenceDto,
    @Req() req: Request,
  ): Promise<void> {
    return this.evidence.delete(user, caseId, itemId, body.reason, req.ip ?? null);
  }
}
