import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AccountsModule } from '../accounts/accounts.module';
import { UsersService } from '../accounts/users.service';

import { ConsumerEntity } from './consumer.entity';
import { UserLookup } from './consumer.types';
import { ConsumersService } from './consumers.service';

/**
 * The consumer registry (no HTTP): ConsumersService for the oauth module (findForVerification, the revocation
 * observer), the admin API and pages (ConsumersHttpModule) and the CLI.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ConsumerEntity]), AccountsModule],
  providers: [ConsumersService, { provide: UserLookup, useExisting: UsersService }],
  exports: [ConsumersService],
})
export class ConsumersModule {}
