import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';

import { type Configuration, createNamespaces } from '@app/config';
import { DatabaseModule } from '@app/database';

import { AccountsPagesModule } from './accounts/accounts-pages.module';
import { AccountsModule } from './accounts/accounts.module';
import { UsersHttpModule } from './accounts/users-http.module';
import { ApplinksModule } from './applinks/applinks.module';
import { AdminAuthHttpModule } from './admin-auth/admin-auth-http.module';
import { AuditHttpModule } from './audit/audit-http.module';
import { AuditModule } from './audit/audit.module';
import { ConsentModule } from './consent/consent.module';
import { ConsumersHttpModule } from './consumers/consumers-http.module';
import { CryptoModule } from './crypto/crypto.module';
import { DiagnosticsModule } from './diagnostics/diagnostics.module';
import { ENTITIES } from './entities';
import { HealthModule } from './health/health.module';
import { buildLoggerOptions } from './logging/logger.options';
import { MeModule } from './me/me.module';
import { RemoteAppsModule } from './remote-apps/remote-apps.module';
import { OAuthModule } from './oauth/oauth.module';
import { ProjectsModule } from './resources/projects/projects.module';
import { SwaggerSigningModule } from './swagger-signing/swagger-signing.module';
import { WebModule } from './web/web.module';

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
        AuditModule,
        HealthModule,
        WebModule,
        AccountsModule,
        AccountsPagesModule,
        ConsentModule,
        UsersHttpModule,
        AuditHttpModule,
        ConsumersHttpModule,
        AdminAuthHttpModule,
        OAuthModule,
        MeModule,
        DiagnosticsModule,
        ProjectsModule,
        SwaggerSigningModule,
        ApplinksModule,
        RemoteAppsModule,
      ],
    };
  }
}
