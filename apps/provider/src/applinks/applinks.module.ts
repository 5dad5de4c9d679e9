import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AccountsModule } from '../accounts/accounts.module';
import { AdminAuthModule } from '../admin-auth/admin-auth.module';
import { ConsumersModule } from '../consumers/consumers.module';

import { ApplinksAdminController } from './applinks-admin.controller';
import { ApplinksExceptionFilter } from './applinks-exception.filter';
import { ApplinksPagesController } from './applinks-pages.controller';
import { ConsumerInfoController } from './consumer-info.controller';
import { LinkDiagnosticsModule } from './link-diagnostics.module';
import { LinkSetupService } from './link-setup.service';
import { ServiceIdentityEntity } from './service-identity.entity';
import { ServiceIdentityService } from './service-identity.service';

/**
 * Atlassian specifics of the provider side: this service's own consumer identity and consumer-info, the link
 * set-up values and page for each consumer, and the link check.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ServiceIdentityEntity]), ConsumersModule, AdminAuthModule, AccountsModule, LinkDiagnosticsModule],
  controllers: [ConsumerInfoController, ApplinksAdminController, ApplinksPagesController],
  providers: [ServiceIdentityService, LinkSetupService, ApplinksExceptionFilter],
  exports: [ServiceIdentityService, LinkDiagnosticsModule],
})
export class ApplinksModule {}
