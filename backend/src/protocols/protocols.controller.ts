import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { DomainError } from '../common/domain-error';
import { ProtocolCatalogue } from './protocol-catalogue';

/** Protocol definitions, read-only: the app shows step titles, guidance and forms from them. */
@ApiTags('protocols')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('protocols')
export class ProtocolsController {
  constructor(private readonly catalogue: ProtocolCatalogue) {}

  @Get()
  @ApiOkResponse({ description: 'Every loaded version: id, version, status, title, content hash' })
  list() {
    return this.catalogue
      .list()
      .map(({ definition: d, contentHash }) => ({ id: d.id, version: d.version, status: d.status, title: d.title, contentHash }));
  }

  @Get(':id/:version')
  @ApiOkResponse({ description: 'The whole definition (as validated), with its content hash' })
  get(@Param('id') id: string, @Param('version') version: string, @Res({ passthrough: true }) res: Response) {
    const found = this.catalogue.get(id, version);
    if (!found) throw new DomainError('PROTOCOL_NOT_FOUND');
    // A published version never changes (recordPublishedVersions refuses an edited file): the browser keeps it
    // (private: only for the signed-in person). A draft may change and is asked for again every time.
    if (found.definition.status === 'published') res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    return { contentHash: found.contentHash, definition: found.definition };
  }
}
