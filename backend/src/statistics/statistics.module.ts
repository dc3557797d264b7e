import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';

@Module({ imports: [DocumentsModule], controllers: [StatisticsController], providers: [StatisticsService] })
export class StatisticsModule {}
