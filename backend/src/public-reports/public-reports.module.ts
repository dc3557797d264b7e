import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { IntakeNotices } from './intake-notices';
import { IntakeReportsController } from './intake-reports.controller';
import { IntakeReportsService } from './intake-reports.service';
import { PosterController } from './poster.controller';
import { PosterService } from './poster.service';
import { PublicReportsController } from './public-reports.controller';
import { PublicReportsService } from './public-reports.service';

/**
 * The public reporting channel (issue #11, docs/public-reporting.md): the school's public page and follow-up (no
 * account), the intake queue of the resource team, and the poster with the page's QR code.
 */
@Module({
  imports: [CasesModule, DocumentsModule],
  controllers: [PublicReportsController, IntakeReportsController, PosterController],
  providers: [PublicReportsService, IntakeReportsService, IntakeNotices, PosterService],
})
export class PublicReportsModule {}
