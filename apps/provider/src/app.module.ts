import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';

import { type Configuration, createNamespaces } from '@app/config';
import { DatabaseModule } from '@app/database';

import { CryptoModule } from './crypto/crypto.module';
import { ENTITIES } from './entities';
import { HealthModule } from './health/health.module';
import { buildLoggerOptions } from './logging/logger.options';

/** The provider service: configuration, logging and the database first, then the feature modules. */
@Module({})
export class AppModule {
  static forRoot(configuration: Configuration): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: createNamespaces(configuration) }),
        LoggerModule.forRoot(buildLoggerOptions(configuration.app)),
        DatabaseModule.forRoot(ENTITIES),
        CryptoModule,
        HealthModule,
      ],
    };
  }
}
