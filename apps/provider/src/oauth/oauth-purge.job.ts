import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';

import { AccessTokenEntity } from './access-token.entity';
import { NonceEntity } from './nonce.entity';
import { RequestTokenEntity } from './request-token.entity';

const EVERY_TEN_MINUTES = 10 * 60_000;
/** Revoked and expired access tokens stay listable (for admins and the audit trail) this long. */
const KEEP_DEAD_TOKENS_MS = 30 * 86_400_000;

export interface PurgeResult {
  nonces: number;
  requestTokens: number;
  accessTokens: number;
}

/** Keeps the nonce and token tables bounded (checklist N5): expired nonces and request tokens, long-dead access tokens. */
@Injectable()
export class OAuthPurgeJob {
  private readonly logger = new Logger(OAuthPurgeJob.name);

  constructor(
    @InjectRepository(NonceEntity) private readonly nonces: Repository<NonceEntity>,
    @InjectRepository(RequestTokenEntity) private readonly requestTokens: Repository<RequestTokenEntity>,
    @InjectRepository(AccessTokenEntity) private readonly accessTokens: Repository<AccessTokenEntity>,
  ) {}

  @Interval('oauth-purge', EVERY_TEN_MINUTES)
  async run(): Promise<void> {
    try {
      const result = await this.purge();
      if (result.nonces + result.requestTokens + result.accessTokens > 0) this.logger.log(`purged ${JSON.stringify(result)}`);
    } catch (error) {
      this.logger.warn(`purge failed, will retry: ${(error as Error).message}`);
    }
  }

  async purge(now = new Date()): Promise<PurgeResult> {
    const cutoff = new Date(now.getTime() - KEEP_DEAD_TOKENS_MS);
    const nonces = await this.nonces.delete({ expiresAt: LessThan(now) });
    const requestTokens = await this.requestTokens.delete({ expiresAt: LessThan(now) });
    const revoked = await this.accessTokens.delete({ revokedAt: LessThan(cutoff) });
    const expired = await this.accessTokens.delete({ sessionExpiresAt: LessThan(cutoff) });
    return { nonces: nonces.affected ?? 0, requestTokens: requestTokens.affected ?? 0, accessTokens: (revoked.affected ?? 0) + (expired.affected ?? 0) };
  }
}
