import type { UserEntity } from '../accounts/user.entity';
import { BoundedMap } from '../common/bounded-map';

import type { AccessTokenEntity } from './access-token.entity';

const MAX_ENTRIES = 10_000;

export type AccessTokenRow = AccessTokenEntity & { user: UserEntity };

/**
 * Access tokens looked up in the last few seconds, by token hash; bounded, oldest dropped first. For
 * OAUTH_TOKEN_CACHE_SECONDS the fixed facts of a looked-up token (its secret, consumer, user, expiry, session) are
 * reused. Its state is not cached: every signed call stores its nonce with a statement that also requires the token
 * to be unrevoked and its user enabled (NonceWrites), so revocation still takes effect on the next request
 * everywhere. What may be this stale is only the user's profile in the principal (display name, e-mail).
 */
export class RecentAccessTokens {
  private readonly entries = new BoundedMap<string, { row: AccessTokenRow; until: number }>(MAX_ENTRIES);

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get(tokenHash: string): AccessTokenRow | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.row;
    this.entries.delete(tokenHash);
    return undefined;
  }

  /** Only a token that was live when read (unrevoked, user enabled) is kept. */
  remember(tokenHash: string, row: AccessTokenRow): void {
    if (this.ttlMs <= 0 || row.revokedAt !== null || !row.user.enabled) return;
    this.entries.set(tokenHash, { row, until: this.now() + this.ttlMs });
  }

  forget(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }
}
