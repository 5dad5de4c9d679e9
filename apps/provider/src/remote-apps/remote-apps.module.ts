import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AccountsModule } from '../accounts/accounts.module';
import { AdminAuthModule } from '../admin-auth/admin-auth.module';
import { ApplinksModule } from '../applinks/applinks.module';

import { RemoteAppEntity } from './remote-app.entity';
import { RemoteAppsAdminController } from './remote-apps-admin.controller';
import { RemoteAppsPagesController } from './remote-apps-pages.controller';
import { RemoteAppsService } from './remote-apps.service';
import { RemoteAuthorizationService } from './remote-authorization.service';
import { RemoteClient } from './remote-client';
import { RemoteConnectionsController } from './remote-connections.controller';
import { RemoteConnectionsService } from './remote-connections.service';
import { RemoteReconnectFilter } from './remote-reconnect.filter';
import { RemoteTokenEntity } from './remote-token.entity';
import { RemoteTokensService } from './remote-tokens.service';

/**
 * The consumer side: linked Bitbucket/Jira/Confluence instances, users' connections to them (the 3-legged dance
 * as a consumer), and the signed client other modules inject (`RemoteClient`).
 */
@Module({
  imports: [TypeOrmModule.forFeature([RemoteAppEntity, RemoteTokenEntity]), ApplinksModule, AdminAuthModule, AccountsModule],
  controllers: [RemoteAppsAdminController, RemoteAppsPagesController, RemoteConnectionsController],
  providers: [RemoteAppsService, RemoteTokensService, RemoteClient, RemoteAuthorizationService, RemoteConnectionsService, RemoteReconnectFilter],
  exports: [RemoteClient, RemoteConnectionsService, RemoteAppsService, RemoteReconnectFilter],
})
export class RemoteAppsModule {}
