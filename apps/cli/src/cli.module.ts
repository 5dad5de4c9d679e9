import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';

import { type Configuration, createNamespaces } from '@app/config';
import { DatabaseModule } from '@app/database';

import { AccountsModule } from '../../provider/src/accounts/accounts.module';
import { AdminAuthModule } from '../../provider/src/admin-auth/admin-auth.module';
import { AuditModule } from '../../provider/src/audit/audit.module';
import { ConsumersModule } from '../../provider/src/consumers/consumers.module';
import { CryptoModule } from '../../provider/src/crypto/crypto.module';
import { ENTITIES } from '../../provider/src/entities';
import { OAuthTokensModule } from '../../provider/src/oauth/oauth-tokens.module';
import { WebModule } from '../../provider/src/web/web.module';

import { AdminTokensCommand, AdminTokensCreateCommand, AdminTokensListCommand, AdminTokensRevokeCommand } from './commands/admin-tokens.command';
import { CONSUMER_SUBCOMMANDS, ConsumersCommand } from './commands/consumers.command';
import { CliName } from './cli-name';
import { UsersCommand, UsersCreateCommand } from './commands/users.command';

/**
 * The admin command line: the app's own configuration, database and feature services (no HTTP server), so the
 * CLI and the service apply the same rules. WebModule is here only because AccountsModule's providers need it.
 */
@Module({})
export class CliModule {
  static forRoot(configuration: Configuration): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: createNamespaces(configuration) }),
        DatabaseModule.forRoot(ENTITIES),
        CryptoModule,
        AuditModule,
        WebModule,
        AccountsModule,
        AdminAuthModule,
        ConsumersModule,
        // Subscribes token revocation to consumer changes, so `consumers disable|delete` stops its tokens too.
        OAuthTokensModule,
      ],
      providers: [
        CliName,
        ConsumersCommand,
        ...CONSUMER_SUBCOMMANDS,
        UsersCommand,
        UsersCreateCommand,
        AdminTokensCommand,
        AdminTokensCreateCommand,
        AdminTokensListCommand,
        AdminTokensRevokeCommand,
      ],
    };
  }
}
