import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config';
import { JsonLogger } from '../common/json-logger';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Makes the validated configuration (`@Inject(APP_CONFIG)`) and the JSON logger injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, logger: JsonLogger): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: JsonLogger, useValue: logger },
      ],
      exports: [APP_CONFIG, JsonLogger],
    };
  }
}
