import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module';

import { AdminApiTokensPagesController } from './admin-api-tokens-pages.controller';
import { AdminAuthModule } from './admin-auth.module';

/** The admin page for personal admin API tokens. */
@Module({
  imports: [AdminAuthModule, AccountsModule],
  controllers: [AdminApiTokensPagesController],
})
export class AdminAuthHttpModule {}
