import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';

import type { Configuration } from '@app/config';
import { type NonceRecord, OAuthError, type OAuthStore, type SignatureMethod, type TokenKind } from '@app/oauth1';

import { BoundedMap } from '../common/bounded-map';
import { ConsumerEntity } from '../consumers/consumer.entity';
import { ConsumersService } from '../consumers/consumers.service';
import { SecretBox } from '../crypto/secret-box';
import { hashToken } from '../crypto/token-hash';

import { HotPathQueries } from './hot-path-queries';
import {
  accessTokenSecretPurpose,
  type ProviderAccessToken,
  type ProviderConsumer,
  type ProviderRequestToken,
  requestTokenSecretPurpose,
} from './oauth.types';
import { OpenedSecretCache } from './opened-secret-cache';
import { RecentAccessTokens } from './recent-access-tokens';
import { RequestTokenEntity } from './request-token.entity';

type ProviderToken = ProviderRequestToken | ProviderAccessToken;

/**
 * The core's storage seam over TypeORM. Token values are looked up only by their SHA-256 (checklist C7), secrets are
 * opened from their sealed form, and nonces are recorded with an INSERT on the unique key, so a duplicate-key error
 * on either engine is the replay signal (checklist N4) and holds across instances sharing the database. For an access
 * token that INSERT … SELECT also requires the token to be live, which is what lets its row be reused for a few
 * seconds (RecentAccessTokens) without delaying a revocation.
 */
@Injectable()
export class TypeOrmOAuthStore implements OAuthStore<ProviderConsumer, ProviderToken> {
  /** Consumer keys are never reused (deleted consumers stay as tombstones), so key → id is stable. */
  private readonly consumerIds = new Map<string, number>();
  private readonly consumerKeys = new Map<number, string>();
  private readonly nonceLifetimeMs: number;
  /** At the access-token endpoint an access token is presented for renewal: it lives as long as its session. */
  readonly renewalView: OAuthStore<ProviderConsumer, ProviderToken>;
  private readonly hotPath: HotPathQueries;
  private readonly accessTokenSecrets = new OpenedSecretCache();
  private readonly recentAccessTokens: RecentAccessTokens;
  /**
   * Hashes of request tokens looked up lately. A nonce that comes with a token is stored only while that access token
   * is live, unless the token is known to be a request token (presented at the access-token endpoint): should one be
   * dropped from this bounded set, its exchange fails as revoked; an access token is never spared the check.
   */
  private readonly recentRequestTokens = new BoundedMap<string, true>(1_000);
  /**
   * The token hashed last: the core looks a token up and then stores the request's nonce with it, in the same turn
   * of the event loop, and both need its SHA-256. A request that interleaves just hashes again.
   */
  private lastHashed: { token: string; hash: string } | null = null;

  constructor(
    private readonly consumers: ConsumersService,
    private readonly secretBox: SecretBox,
    @InjectRepository(RequestTokenEntity) private readonly requestTokens: Repository<RequestTokenEntity>,
    @InjectDataSource() dataSource: DataSource,
    config: ConfigService<Configuration, true>,
  ) {
    this.hotPath = new HotPathQueries(dataSource);
    // A timestamp is accepted within ±skew, so its nonce must be kept until the timestamp leaves the window.
    const oauth = config.get('oauth', { infer: true });
    this.nonceLifetimeMs = 2 * oauth.timestampSkewSeconds * 1000;
    this.recentAccessTokens = new RecentAccessTokens(oauth.tokenCacheSeconds * 1000);
    this.renewalView = {
      findConsumer: (key) => this.findConsumer(key),
      findToken: async (key, token, kind) => {
        const found = await this.findToken(key, token, kind);
        return found?.kind === 'access' ? { ...found, expiresAt: found.sessionExpiresAt } : found;
      },
      rememberNonce: (nonce) => this.rememberNonce(nonce),
    };
  }

  async findConsumer(consumerKey: string): Promise<ProviderConsumer | null> {
    const found = await this.consumers.findForVerification(consumerKey);
    if (!found) return null;
    const { entity } = found;
    this.remember(entity.consumerKey, entity.id);
    return {
      entity,
      key: entity.consumerKey,
      enabled: entity.enabled,
      signatureMethods: found.methods as SignatureMethod[],
      ...(found.secret ? { secret: found.secret } : {}),
      ...(found.publicKey ? { rsaPublicKey: found.publicKey } : {}),
      // Atlassian's older clients name the impersonated user in `user_id`, which the core does not know: let such
      // consumers through the core's 2LO gate; ProviderOAuthBackend.resolvePrincipal applies both flags exactly.
      allowTwoLegged: entity.allowTwoLegged || entity.allowImpersonation,
      allowImpersonation: entity.allowImpersonation,
    };
  }

  async findToken(_consumerKey: string, token: string, kind: TokenKind): Promise<ProviderToken | null> {
    const tokenHash = this.hashOf(token);
    if (kind === 'request') {
      const row = await this.requestTokens.findOne({ where: { tokenHash }, relations: { consumer: true } });
      if (!row?.consumer) return null;
      // Only a hash that is a request token's (anyone may name an access token here, before any signature check).
      this.recentRequestTokens.set(tokenHash, true);
      return {
        kind: 'request',
        token,
        id: row.id,
        tokenHash,
        consumerKey: row.consumer.consumerKey,
        secret: this.secretBox.open(row.secretSealed, requestTokenSecretPurpose(tokenHash)),
        expiresAt: row.expiresAt,
        state: row.state,
        verifierHash: row.verifierHash,
        callback: row.callback,
        userId: row.userId,
      };
    }
    // Hot path (every protected call): one indexed lookup joined with the user only, reused for a few seconds (its
    // state is checked again when the nonce is stored); the consumer's key comes from the lookup the core made before.
    let row = this.recentAccessTokens.get(tokenHash);
    if (!row) {
      const found = await this.hotPath.findAccessToken(tokenHash);
      if (!found?.user) return null;
      this.recentAccessTokens.remember(tokenHash, found);
      row = found;
    }
    const consumerKey = this.consumerKeys.get(row.consumerId) ?? (await this.consumerKeyOf(row.consumerId));
    if (consumerKey === null) return null;
    return {
      kind: 'access',
      token,
      id: row.id,
      tokenHash,
      consumerKey,
      secret: this.accessTokenSecrets.open(tokenHash, row.secretSealed, () => this.secretBox.open(row.secretSealed, accessTokenSecretPurpose(tokenHash))),
      expiresAt: row.expiresAt,
      tokenExpiresAt: row.expiresAt,
      // A disabled account's tokens stop working while it is disabled (checklist X2).
      revoked: row.revokedAt !== null || !row.user.enabled,
      user: row.user,
      sessionHandleHash: row.sessionHandleHash,
      sessionStartedAt: row.sessionStartedAt,
      sessionExpiresAt: row.sessionExpiresAt,
      lastUsedAt: row.lastUsedAt,
    };
  }

  private hashOf(token: string): string {
    if (this.lastHashed?.token !== token) this.lastHashed = { token, hash: hashToken(token) };
    return this.lastHashed.hash;
  }

  private remember(key: string, id: number): void {
    if (this.consumerIds.size > 10_000) {
      this.consumerIds.clear();
      this.consumerKeys.clear();
    }
    this.consumerIds.set(key, id);
    this.consumerKeys.set(id, key);
  }

  private async consumerKeyOf(consumerId: number): Promise<string | null> {
    const row = await this.requestTokens.manager.getRepository(ConsumerEntity).findOne({ where: { id: consumerId }, select: { id: true, consumerKey: true } });
    if (!row) return null;
    this.remember(row.consumerKey, row.id);
    return row.consumerKey;
  }

  async rememberNonce(record: NonceRecord): Promise<boolean> {
    const consumerId = this.consumerIds.get(record.consumerKey) ?? (await this.consumers.findForVerification(record.consumerKey))?.entity.id;
    if (consumerId === undefined) return false;
    const tokenHash = record.token ? this.hashOf(record.token) : '';
    const outcome = await this.hotPath.writeNonce({
      consumerId,
      tokenHash,
      timestamp: record.timestamp,
      nonce: record.nonce,
      expiresAt: new Date(Math.max(record.timestamp * 1000, Date.now()) + this.nonceLifetimeMs),
      requireLiveAccessToken: tokenHash !== '' && !this.recentRequestTokens.has(tokenHash),
    });
    if (outcome === 'token-gone') {
      // Revoked (or its user disabled) since it was read: checked atomically with storing the nonce.
      this.recentAccessTokens.forget(tokenHash);
      throw new OAuthError('token_revoked');
    }
    return outcome === 'stored';
  }
}
