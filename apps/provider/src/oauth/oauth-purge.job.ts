import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, LessThan, MoreThanOrEqual, Repository } from 'typeorm';

import { AccessTokenEntity } from './access-token.entity';
import { NonceEntity } from './nonce.entity';
import { RequestTokenEntity } from './request-token.entity';

const EVERY_TEN_MINUTES = 10 * 60_000;
/**
 * Nonces are deleted in id windows this wide, one statement each, letting requests through in between: one DELETE of
 * ten minutes of traffic would hold SQLite's only connection (and the event loop) for seconds.
 */
const NONCE_PURGE_WINDOW = 2_000;
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
    const nonces = await this.purgeNonces(now);
    const requestTokens = await this.requestTokens.delete({ expiresAt: LessThan(now) });
    const revoked = await this.accessTokens.delete({ revokedAt: LessThan(cutoff) });
    const expired = await this.accessTokens.delete({ sessionExpiresAt: LessThan(cutoff) });
    return { nonces, requestTokens: requestTokens.affected ?? 0, accessTokens: (revoked.affected ?? 0) + (expired.affected ?? 0) };
  }

  /**
   * Expired nonces, oldest first. `expires_at` has no index (see NonceEntity); rows are inserted in nearly expiry
   * order (a timestamp from a clock running ahead expires up to the skew later), so everything expired lies before
   * the first live row in id order, bar a few that the next run takes. Finding that row walks the primary key over
   * the expired rows only; the deletes are id ranges.
   */
  private async purgeNonces(now: Date): Promise<number> {
    const ids = (where: object, order: 'ASC' | 'DESC') => this.nonces.find({ select: { id: true }, where, order: { id: order }, take: 1 });
    const [oldest] = await ids({}, 'ASC');
    if (!oldest) return 0;
    const [firstLive] = await ids({ expiresAt: MoreThanOrEqual(now) }, 'ASC');
    const end = firstLive ? firstLive.id : (await ids({}, 'DESC'))[0]!.id + 1;
    let purged = 0;
    for (let from = oldest.id; from < end; from += NONCE_PURGE_WINDOW) {
      const to = Math.min(from + NONCE_PURGE_WINDOW, end) - 1;
      purged += (await this.nonces.delete({ id: Between(from, to), expiresAt: LessThan(now) })).affected ?? 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return purged;
  }
}
