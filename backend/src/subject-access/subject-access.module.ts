import { Module } from '@nestjs/common';
import { SubjectAccessController } from './subject-access.controller';
import { SubjectAccessService } from './subject-access.service';

/** Access and correction requests under Law 09-08 (issue #10): search a pupil across cases, export their data. */
@Module({ controllers: [SubjectAccessController], providers: [SubjectAccessService] })
export class SubjectAccessModule {}
