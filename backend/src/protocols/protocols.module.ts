import { Global, Module } from '@nestjs/common';
import { ProtocolCatalogue } from './protocol-catalogue';
import { ProtocolsController } from './protocols.controller';
import { SchoolCalendars } from './school-calendars';

@Global()
@Module({
  controllers: [ProtocolsController],
  providers: [{ provide: ProtocolCatalogue, useFactory: () => ProtocolCatalogue.load() }, SchoolCalendars],
  exports: [ProtocolCatalogue, SchoolCalendars],
})
export class ProtocolsModule {}
