import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AccountsModule } from '../accounts/accounts.module';
import { ConsumersModule } from '../consumers/consumers.module';

import { AccessTokenEntity } from './access-token.entity';
import { AccessTokensService } from './access-tokens.service';
import { NonceEntity } from './nonce.entity';
import { RequestTokenEntity } from './request-token.entity';
import { RequestTokensService } from './request-tokens.service';

/**
 * The token services without HTTP, guards or timers: request tokens (consent), access tokens (listing, revocation)
 * and the subscription that revokes a consumer's tokens when its credentials are revoked. The CLI imports this so
 * that disabling a consumer there stops its tokens too; the service gets it through OAuthModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([RequestTokenEntity, AccessTokenEntity, NonceEntity]), AccountsModule, ConsumersModule],
  providers: [RequestTokensService, AccessTokensService],
  exports: [TypeOrmModule, RequestTokensService, AccessTokensService, AccountsModule, ConsumersModule],
})
export class OAuthTokensModule {}
