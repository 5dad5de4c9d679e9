import { Module } from '@nestjs/common';

import { AccountsModule } from './accounts.module';
import { AdminUsersController } from './admin-users.controller';
import { HomeController } from './home.controller';
import { LoginFormService } from './login-form.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { LoginController } from './login.controller';

/** The start page, sign-in and sign-out, the account page and the admin user pages (needs the global WebModule). */
@Module({
  imports: [AccountsModule],
  controllers: [HomeController, LoginController, AdminUsersController],
  providers: [LoginFormService, LoginRateLimiter],
})
export class AccountsPagesModule {}
