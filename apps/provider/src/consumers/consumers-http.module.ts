import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module';
import { AdminAuthModule } from '../admin-auth/admin-auth.module';

import { ConsumersController } from './consumers.controller';
import { ConsumersModule } from './consumers.module';
import { ConsumersPagesController } from './consumers-pages.controller';

/** The admin REST API and the admin pages for consumers, on top of ConsumersModule. */
@Module({
  imports: [ConsumersModule, AdminAuthModule, AccountsModule],
  controllers: [ConsumersController, ConsumersPagesController],
})
export class ConsumersHttpModule {}
