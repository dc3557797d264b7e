import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { CaseTransmissionsController, SchoolSummariesController, TransmissionsController } from './transmissions.controller';
import { TransmissionsService } from './transmissions.service';

/** Pseudonymised reports and school summaries sent to the direction provinciale / academy (issue #9). */
@Module({
  imports: [DocumentsModule],
  controllers: [CaseTransmissionsController, TransmissionsController, SchoolSummariesController],
  providers: [TransmissionsService],
})
export class TransmissionsModule {}
