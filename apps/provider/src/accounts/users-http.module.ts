import { Module } from '@nestjs/common';

import { AdminAuthModule } from '../admin-auth/admin-auth.module';
import { AccountsModule } from './accounts.module';
import { UsersController } from './users.controller';

/** The admin REST API for users (/api/admin/users), on top of AccountsModule and the admin bearer guard. */
@Module({
  imports: [AccountsModule, AdminAuthModule],
  controllers: [UsersController],
})
export class UsersHttpModule {}
