import { Controller, Get, Param } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  get(@Param('id') id: string, @Param('version') version: string) {
    const found = this.catalogue.get(id, version);
    if (!found) throw new DomainError('PROTOCOL_NOT_FOUND');
    return { contentHash: found.contentHash, definition: found.definition };
  }
}
