import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module';
import { BackupModule } from './backup/backup.module';
import { CasesModule } from './cases/cases.module';
import { DocumentsModule } from './documents/documents.module';
import type { AppConfig } from './config/config';
import type { JsonLogger } from './common/json-logger';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { EvidenceModule } from './evidence/evidence.module';
import { PeopleModule } from './people/people.module';
import { HealthController } from './health/health.controller';
import { KnowledgeModule } from './knowledge/knowledge.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ProtocolsModule } from './protocols/protocols.module';
import { TransmissionsModule } from './transmissions/transmissions.module';
import { StatisticsModule } from './statistics/statistics.module';
import { SubjectAccessModule } from './subject-access/subject-access.module';
import { RetentionModule } from './retention/retention.module';
import { PublicReportsModule } from './public-reports/public-reports.module';

/** Composition root: imports the feature modules, nothing else. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, logger),
        TypeOrmModule.forRoot(dataSourceOptions(config)),
        AuditModule,
        ProtocolsModule,
        AuthModule,
        CasesModule,
        DocumentsModule,
        NotificationsModule,
        KnowledgeModule,
        AdminModule,
        EvidenceModule,
        PeopleModule,
        TransmissionsModule,
        StatisticsModule,
        BackupModule,
        SubjectAccessModule,
        RetentionModule,
        PublicReportsModule,
      ],
      controllers: [HealthController],
    };
  }
}
