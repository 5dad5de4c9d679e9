import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';

import type { Configuration } from '@app/config';
import { OAuthError, type VerifiedRequest } from '@app/oauth1';

import { AuditService } from '../audit/audit.service';
import { SecretBox } from '../crypto/secret-box';
import { hashToken, randomToken } from '../crypto/token-hash';

import { AccessTokenEntity } from './access-token.entity';
import { matchesHash } from './constant-time';
import { accessTokenSecretPurpose, type ProviderAccessToken, type ProviderConsumer, type ProviderRequestToken, type TokenAnswer } from './oauth.types';
import { RequestTokenEntity } from './request-token.entity';
import { RequestTokensService } from './request-tokens.service';

const CREDENTIAL_BYTES = 24;

interface NewAccessToken {
  consumerId: number;
  userId: number;
  sessionStartedAt: Date;
  sessionExpiresAt: Date;
  /** The session handle to (re)bind, when the consumer uses renewal. */
  sessionHandle: string | null;
}

/** The access-token endpoint after the signature verified: exchange a request token, or renew an access token. */
@Injectable()
export class AccessTokenExchangeService {
  private readonly accessTtlMs: number;
  private readonly sessionTtlMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requestTokens: RequestTokensService,
    private readonly secretBox: SecretBox,
    private readonly audit: AuditService,
    config: ConfigService<Configuration, true>,
  ) {
    const oauth = config.get('oauth', { infer: true });
    this.accessTtlMs = oauth.accessTokenTtlSeconds * 1000;
    this.sessionTtlMs = oauth.sessionTtlSeconds * 1000;
  }

  /** Renewal when `oauth_session_handle` was sent, else the exchange of an authorized request token. */
  handle(verified: VerifiedRequest<ProviderConsumer>, ipAddress?: string): Promise<TokenAnswer> {
    if (verified.sessionHandle !== undefined) return this.renew(verified, ipAddress);
    return this.exchange(verified, ipAddress);
  }

  /**
   * RFC 5849 §2.3 with checklist H1–H3: same consumer (checked by the core), authorized, verifier equal in constant
   * time, and single use through `UPDATE … WHERE state='authorized'` in the transaction that inserts the access token,
   * so concurrent exchanges yield at most one token. Any failure burns the request token.
   */
  private async exchange(verified: VerifiedRequest<ProviderConsumer>, ipAddress?: string): Promise<TokenAnswer> {
    const requestToken = verified.token as ProviderRequestToken | null;
    if (!requestToken || requestToken.kind !== 'request') throw new OAuthError('token_rejected');
    const consumer = verified.consumer.entity;
    try {
      if (requestToken.state === 'consumed' || requestToken.state === 'burned') throw new OAuthError('token_used');
      if (requestToken.state === 'denied') throw new OAuthError('permission_denied', { oauth_problem_advice: 'the user denied access' });
      if (requestToken.state !== 'authorized' || requestToken.userId === null) {
        throw new OAuthError('permission_unknown', { oauth_problem_advice: 'the user has not approved this request token' });
      }
      if (!matchesHash(verified.verifier, requestToken.verifierHash)) {
        throw new OAuthError('token_rejected', { oauth_problem_advice: 'oauth_verifier does not match' });
      }
      const userId = requestToken.userId;
      const now = new Date();
      const sessionHandle = consumer.allowTokenRenewal ? randomToken(CREDENTIAL_BYTES) : null;
      const issued = await this.dataSource.transaction(async (manager) => {
        const consumed = await manager
          .createQueryBuilder()
          .update(RequestTokenEntity)
          .set({ state: 'consumed' })
          .where('id = :id AND state = :state', { id: requestToken.id, state: 'authorized' })
          .execute();
        if (consumed.affected !== 1) throw new OAuthError('token_used');
        return this.insert(manager, {
          consumerId: consumer.id,
          userId,
          sessionStartedAt: now,
          sessionExpiresAt: new Date(now.getTime() + this.sessionTtlMs),
          sessionHandle,
        });
      });
      await this.audit.record({
        actor: `consumer:${consumer.consumerKey}`,
        action: 'oauth.access-token.issued',
        targetType: 'access-token',
        targetId: String(issued.row.id),
        details: { consumerKey: consumer.consumerKey, userId, requestId: requestToken.id },
        ipAddress: ipAddress ?? null,
      });
      return this.answer(issued.token, issued.secret, issued.row, sessionHandle);
    } catch (error) {
      // Checklist H2: any failed exchange voids the request token (a consumed one stays consumed).
      if (error instanceof OAuthError) await this.requestTokens.burn(requestToken.token, error.problem, ipAddress);
      throw error;
    }
  }

  /**
   * The ScalableOAuth renewal Atlassian's provider offers: the access token plus its `oauth_session_handle` yields a
   * fresh token in the same session; the old one is revoked in the same transaction, so it stops working at once.
   */
  private async renew(verified: VerifiedRequest<ProviderConsumer>, ipAddress?: string): Promise<TokenAnswer> {
    const current = verified.token as ProviderAccessToken | null;
    if (!current || current.kind !== 'access') throw new OAuthError('token_rejected');
    const consumer = verified.consumer.entity;
    if (!consumer.allowTokenRenewal) {
      throw new OAuthError('parameter_rejected', { oauth_parameters_rejected: ['oauth_session_handle'], oauth_problem_advice: 'token renewal is not enabled for this consumer' });
    }
    if (!matchesHash(verified.sessionHandle, current.sessionHandleHash)) {
      throw new OAuthError('token_rejected', { oauth_problem_advice: 'oauth_session_handle does not match' });
    }
    const issued = await this.dataSource.transaction(async (manager) => {
      const revoked = await manager.update(AccessTokenEntity, { id: current.id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: 'renewed' });
      if (revoked.affected !== 1) throw new OAuthError('token_revoked');
      return this.insert(manager, {
        consumerId: consumer.id,
        userId: current.user.id,
        sessionStartedAt: current.sessionStartedAt,
        sessionExpiresAt: current.sessionExpiresAt,
        sessionHandle: verified.sessionHandle!,
      });
    });
    await this.audit.record({
      actor: `consumer:${consumer.consumerKey}`,
      action: 'oauth.access-token.renewed',
      targetType: 'access-token',
      targetId: String(issued.row.id),
      details: { consumerKey: consumer.consumerKey, userId: current.user.id, previousId: current.id },
      ipAddress: ipAddress ?? null,
    });
    return this.answer(issued.token, issued.secret, issued.row, verified.sessionHandle!);
  }

  private async insert(manager: EntityManager, input: NewAccessToken): Promise<{ token: string; secret: string; row: AccessTokenEntity }> {
    const token = randomToken(CREDENTIAL_BYTES);
    const secret = randomToken(CREDENTIAL_BYTES);
    const tokenHash = hashToken(token);
    const expiresAt = new Date(Math.min(Date.now() + this.accessTtlMs, input.sessionExpiresAt.getTime()));
    const row = manager.create(AccessTokenEntity, {
      tokenHash,
      consumerId: input.consumerId,
      userId: input.userId,
      secretSealed: this.secretBox.seal(secret, accessTokenSecretPurpose(tokenHash)),
      sessionHandleHash: input.sessionHandle === null ? null : hashToken(input.sessionHandle),
      sessionStartedAt: input.sessionStartedAt,
      sessionExpiresAt: input.sessionExpiresAt,
      expiresAt,
      lastUsedAt: null,
      revokedAt: null,
      revokedReason: null,
    });
    return { token, secret, row: await manager.save(row) };
  }

  private answer(token: string, secret: string, row: AccessTokenEntity, sessionHandle: string | null): TokenAnswer {
    const answer: TokenAnswer = [
      ['oauth_token', token],
      ['oauth_token_secret', secret],
    ];
    if (sessionHandle !== null) {
      const now = Date.now();
      answer.push(
        ['oauth_expires_in', String(Math.max(0, Math.floor((row.expiresAt.getTime() - now) / 1000)))],
        ['oauth_session_handle', sessionHandle],
        ['oauth_authorization_expires_in', String(Math.max(0, Math.floor((row.sessionExpiresAt.getTime() - now) / 1000)))],
      );
    }
    return answer;
  }
}
