import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AdminSessionGuard } from './admin-session.guard';
import { BrowserAuthService } from './browser-auth.service';
import { CsrfService } from './csrf.service';
import { PasswordHasher } from './password-hasher';
import { SessionEntity } from './session.entity';
import { SessionGuard } from './session.guard';
import { SessionsService } from './sessions.service';
import { TrustedHeaderService } from './trusted-header.service';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';

/**
 * Resource owners and browser sign-in: users (argon2id), server-side sessions, the session guards, CSRF tokens and
 * trusted-header sign-in. No controllers and no web dependency, so the CLI can import it; the pages are in
 * AccountsPagesModule and the admin REST API in UsersHttpModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, SessionEntity])],
  providers: [UsersService, PasswordHasher, SessionsService, CsrfService, TrustedHeaderService, BrowserAuthService, SessionGuard, AdminSessionGuard],
  exports: [UsersService, SessionsService, CsrfService, TrustedHeaderService, BrowserAuthService, SessionGuard, AdminSessionGuard],
})
export class AccountsModule {}
