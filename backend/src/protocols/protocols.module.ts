import { Global, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { ProtocolCatalogue } from './protocol-catalogue';
import { ProtocolsController } from './protocols.controller';
import { SchoolCalendars } from './school-calendars';

@Global()
@Module({
  controllers: [ProtocolsController],
  providers: [
    {
      provide: ProtocolCatalogue,
      useFactory: (config: AppConfig) => ProtocolCatalogue.load(config.protocolsDir ?? undefined),
      inject: [APP_CONFIG],
    },
    SchoolCalendars,
  ],
  exports: [ProtocolCatalogue, SchoolCalendars],
})
export class ProtocolsModule {}
