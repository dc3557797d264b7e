import { Body, Controller, Header, HttpCode, Ip, Post, StreamableFile } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SESSION_COOKIE } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SessionUser } from '../common/request-context';
import { PosterDto } from './dto/intake-report.dto';
import { PosterService } from './poster.service';

/** The poster of the school's public reporting page (docs/public-reporting.md). */
@ApiTags('documents')
@ApiCookieAuth(SESSION_COOKIE)
@Controller('documents/poster')
export class PosterController {
  constructor(private readonly posters: PosterService) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: "The school's A4 poster (QR code of its public page, short link, helplines), as an attachment" })
  async poster(@CurrentUser() user: SessionUser, @Body() body: PosterDto, @Ip() ip: string): Promise<StreamableFile> {
    const { pdf, filename } = await this.posters.poster(user, body.lang, ip ?? null);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${filename}"`, length: pdf.length });
  }
}
