import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { SubjectAccessController } from './subject-access.controller';
import { SubjectAccessService } from './subject-access.service';

/** Access and correction requests under Law 09-08 (issue #10): search a pupil across cases, export their data. */
@Module({ imports: [DocumentsModule], controllers: [SubjectAccessController], providers: [SubjectAccessService] })
export class SubjectAccessModule {}
