import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { ProtocolsModule } from '../protocols/protocols.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceService, KEY_RING } from './evidence.service';
import { KeyRing } from './key-ring';
import { EvidenceUploadInterceptor } from './upload.interceptor';

/** The evidence vault (issue #7, docs/evidence.md). */
@Module({
  imports: [ProtocolsModule],
  controllers: [EvidenceController],
  providers: [
    EvidenceService,
    EvidenceUploadInterceptor,
    {
      provide: KEY_RING,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        KeyRing.load({
          envKey: config.masterKey ?? undefined,
          file: config.masterKeyFile,
          createIfMissing: config.nodeEnv !== 'production',
        }),
    },
  ],
  exports: [EvidenceService],
})
export class EvidenceModule {}
