import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

import type { Configuration } from '@app/config';
import { OAuthError, type VerifiedRequest } from '@app/oauth1';

import { UsersService } from '../accounts/users.service';
import { AuditService } from '../audit/audit.service';
import { userActor } from '../audit/audit.types';
import { SecretBox } from '../crypto/secret-box';
import { hashToken, randomToken } from '../crypto/token-hash';

import { appendToCallback, callbackHost, checkCallback } from './callback-url';
import { type ConsentApproval, ConsentError, type ConsentRequest } from './consent-error';
import { type ProviderConsumer, requestTokenSecretPurpose, type TokenAnswer } from './oauth.types';
import { RequestTokenEntity, type RequestTokenState } from './request-token.entity';

/** Token values, secrets and verifiers: 24 bytes (192 bits) from the CSPRNG (checklist C6, A5). */
const CREDENTIAL_BYTES = 24;
const BURNABLE: RequestTokenState[] = ['issued', 'authorized', 'denied'];

/** Request tokens (temporary credentials): issue at the request-token endpoint, decide on the consent page, burn. */
@Injectable()
export class RequestTokensService {
  private readonly ttlMs: number;

  constructor(
    @InjectRepository(RequestTokenEntity) private readonly tokens: Repository<RequestTokenEntity>,
    private readonly secretBox: SecretBox,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    config: ConfigService<Configuration, true>,
  ) {
    this.ttlMs = config.get('oauth', { infer: true }).requestTokenTtlSeconds * 1000;
  }

  /** The request-token endpoint, after the signature verified: checks 3LO and the callback, stores the token. */
  async issue(verified: VerifiedRequest<ProviderConsumer>, ipAddress?: string): Promise<TokenAnswer> {
    const consumer = verified.consumer.entity;
    if (!consumer.allowThreeLegged) {
      throw new OAuthError('permission_denied', { oauth_problem_advice: '3-legged OAuth is not enabled for this consumer' });
    }
    const callback = verified.callback ?? '';
    const rejection = checkCallback(callback, consumer.callbackUrl);
    if (rejection !== null) {
      // Checklist R2 (and Atlassian's answer): the callback is bound here, so a mismatch is refused outright.
      throw new OAuthError('parameter_rejected', { oauth_parameters_rejected: ['oauth_callback'], oauth_problem_advice: `oauth_callback ${rejection}` });
    }
    const token = randomToken(CREDENTIAL_BYTES);
    const secret = randomToken(CREDENTIAL_BYTES);
    const tokenHash = hashToken(token);
    const saved = await this.tokens.save(
      this.tokens.create({
        tokenHash,
        consumerId: consumer.id,
        secretSealed: this.secretBox.seal(secret, requestTokenSecretPurpose(tokenHash)),
        callback,
        state: 'issued',
        userId: null,
        verifierHash: null,
        expiresAt: new Date(Date.now() + this.ttlMs),
        decidedAt: null,
      }),
    );
    await this.audit.record({
      actor: `consumer:${consumer.consumerKey}`,
      action: 'oauth.request-token.issued',
      targetType: 'request-token',
      targetId: String(saved.id),
      details: { consumerKey: consumer.consumerKey, callback: callback === 'oob' ? 'oob' : callbackHost(callback), method: verified.signatureMethod },
      ipAddress: ipAddress ?? null,
    });
    return [
      ['oauth_token', token],
      ['oauth_token_secret', secret],
      ['oauth_callback_confirmed', 'true'],
    ];
  }

  /** What the consent page shows; throws ConsentError for unknown, expired or already decided tokens. */
  async findForConsent(tokenValue: string): Promise<ConsentRequest> {
    const row = await this.pending(tokenValue);
    const consumer = row.consumer!;
    return {
      consumer: { id: consumer.id, consumerKey: consumer.consumerKey, name: consumer.name, description: consumer.description },
      callback: row.callback,
      callbackHost: callbackHost(row.callback),
      expiresAt: row.expiresAt,
    };
  }

  /** The user allowed access: binds the token to the user and a fresh verifier, once (RFC 5849 §2.2). */
  async approve(tokenValue: string, userId: number): Promise<ConsentApproval> {
    const row = await this.pending(tokenValue);
    const verifier = randomToken(CREDENTIAL_BYTES);
    await this.decide(row, userId, 'authorized', hashToken(verifier));
    const redirectUrl = row.callback === 'oob' ? null : appendToCallback(row.callback, [['oauth_token', tokenValue], ['oauth_verifier', verifier]]);
    return { callback: row.callback, redirectUrl, verifier };
  }

  /**
   * The user denied access. Like Atlassian, the browser goes back to the callback with `oauth_verifier=denied`, so the
   * consumer learns it at once; its exchange then gets `permission_denied` (checklist A7).
   */
  async deny(tokenValue: string, userId: number): Promise<{ redirectUrl: string | null }> {
    const row = await this.pending(tokenValue);
    await this.decide(row, userId, 'denied', null);
    const redirectUrl = row.callback === 'oob' ? null : appendToCallback(row.callback, [['oauth_token', tokenValue], ['oauth_verifier', 'denied']]);
    return { redirectUrl };
  }

  /** Voids a request token after a failed exchange (checklist H2); a consumed token stays consumed. */
  async burn(tokenValue: string, reason: string, ipAddress?: string): Promise<boolean> {
    const tokenHash = hashToken(tokenValue);
    const result = await this.tokens.update({ tokenHash, state: In(BURNABLE) }, { state: 'burned' });
    if (!result.affected) return false;
    await this.audit.record({ actor: 'system', action: 'oauth.request-token.burned', targetType: 'request-token', targetId: tokenHash.slice(0, 16), details: { reason }, ipAddress: ipAddress ?? null });
    return true;
  }

  /** Burns every undecided or unexchanged request token of a consumer (its credentials were revoked). */
  async burnAllForConsumer(consumerId: number): Promise<number> {
    const result = await this.tokens.update({ consumerId, state: In(BURNABLE) }, { state: 'burned' });
    return result.affected ?? 0;
  }

  private async pending(tokenValue: string): Promise<RequestTokenEntity> {
    if (typeof tokenValue !== 'string' || tokenValue.length === 0 || tokenValue.length > 255) throw new ConsentError('token_rejected');
    const row = await this.tokens.findOne({ where: { tokenHash: hashToken(tokenValue) }, relations: { consumer: true } });
    if (!row?.consumer || row.consumer.deletedAt || !row.consumer.enabled) throw new ConsentError('token_rejected');
    if (row.state !== 'issued') throw new ConsentError('token_used');
    if (row.expiresAt.getTime() <= Date.now()) throw new ConsentError('token_expired');
    return row;
  }

  private async decide(row: RequestTokenEntity, userId: number, state: 'authorized' | 'denied', verifierHash: string | null): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user || !user.enabled) throw new ConsentError('token_rejected');
    // Single decision: only an `issued` token can be decided, whatever the concurrency (checklist A3, A5).
    const result = await this.tokens.update({ id: row.id, state: 'issued' }, { state, userId, verifierHash, decidedAt: new Date() });
    if (result.affected !== 1) throw new ConsentError('token_used');
    await this.audit.record({
      actor: userActor(user.username),
      action: state === 'authorized' ? 'oauth.request-token.approved' : 'oauth.request-token.denied',
      targetType: 'consumer',
      targetId: row.consumer!.consumerKey,
      details: { requestId: row.id },
    });
  }
}
