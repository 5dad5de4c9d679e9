import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ScheduleModule } from '@nestjs/schedule';

import { OAuthBackend, OAuthExceptionFilter, OAuthStrategy, OAuthTokenStrategy, RouteAuthGuard } from '@app/auth';

import { AdminAuthModule } from '../admin-auth/admin-auth.module';

import { AccessTokenExchangeService } from './access-token-exchange.service';
import { AdminTokensController } from './admin-tokens.controller';
import { LastUsedTracker } from './last-used-tracker';
import { OAuthPurgeJob } from './oauth-purge.job';
import { OAuthTokensController } from './oauth-tokens.controller';
import { OAuthTokensModule } from './oauth-tokens.module';
import { ProviderOAuthBackend } from './provider-oauth.backend';
import { TypeOrmOAuthStore } from './typeorm-oauth.store';

/**
 * Token issuance (request-token, access-token, renewal), the token store behind the protocol core, revocation, the
 * purge job, and the OAuth glue for the whole app: the passport strategies, the global default-deny guard and the
 * problem-reporting exception filter.
 */
@Module({
  imports: [
    OAuthTokensModule,
    PassportModule,
    ScheduleModule.forRoot(),
    AdminAuthModule,
  ],
  controllers: [OAuthTokensController, AdminTokensController],
  providers: [
    TypeOrmOAuthStore,
    AccessTokenExchangeService,
    LastUsedTracker,
    OAuthPurgeJob,
    ProviderOAuthBackend,
    { provide: OAuthBackend, useExisting: ProviderOAuthBackend },
    OAuthStrategy,
    OAuthTokenStrategy,
    { provide: APP_GUARD, useClass: RouteAuthGuard },
    { provide: APP_FILTER, useClass: OAuthExceptionFilter },
  ],
  exports: [OAuthTokensModule],
})
export class OAuthModule {}
