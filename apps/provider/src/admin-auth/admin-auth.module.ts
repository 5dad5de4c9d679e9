import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AccountsModule } from '../accounts/accounts.module';

import { AdminApiExceptionFilter } from './admin-api-exception.filter';
import { AdminApiTokenEntity } from './admin-api-token.entity';
import { AdminApiTokensService } from './admin-api-tokens.service';
import { AdminBearerGuard } from './admin-bearer.guard';
import { InitialAdminService } from './initial-admin.service';

/**
 * Personal admin API tokens, the guard of the admin REST API (import this module where `@AdminApi()` is used),
 * and the first administrator from ADMIN_USERNAME/ADMIN_PASSWORD.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AdminApiTokenEntity]), AccountsModule],
  providers: [AdminApiTokensService, AdminBearerGuard, AdminApiExceptionFilter, InitialAdminService],
  exports: [AdminApiTokensService, AdminBearerGuard, AdminApiExceptionFilter],
})
export class AdminAuthModule {}
