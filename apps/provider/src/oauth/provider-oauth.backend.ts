import { Injectable, Logger, Optional } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import { OAuthBackend, type OAuthPrincipal, type OAuthVerificationReport } from '@app/auth';
import type { Configuration } from '@app/config';
import { type OAuthEndpoint, OAuthError, type OAuthRequestInput, type OAuthStore, type VerifiedRequest, type VerifyRequestOptions } from '@app/oauth1';

import type { UserEntity } from '../accounts/user.entity';
import { LinkDiagnosticsService } from '../applinks/link-diagnostics.service';
import { UsersService } from '../accounts/users.service';
import { AuditService } from '../audit/audit.service';

import { LastUsedTracker } from './last-used-tracker';
import type { ProviderAccessToken, ProviderConsumer } from './oauth.types';
import { RequestTokensService } from './request-tokens.service';
import { describeSignatureMismatch } from './signature-diagnostics';
import { TypeOrmOAuthStore } from './typeorm-oauth.store';

/** The app's side of the Nest glue in libs/auth: store, options, principals, burning after failed exchanges. */
@Injectable()
export class ProviderOAuthBackend extends OAuthBackend {
  private readonly logger = new Logger('OAuth');
  private readonly options: Record<OAuthEndpoint, VerifyRequestOptions>;

  constructor(
    private readonly oauthStore: TypeOrmOAuthStore,
    private readonly users: UsersService,
    private readonly requestTokens: RequestTokensService,
    private readonly lastUsed: LastUsedTracker,
    private readonly audit: AuditService,
    config: ConfigService<Configuration, true>,
    @Optional() private readonly linkDiagnostics?: LinkDiagnosticsService,
  ) {
    super();
    const app = config.get('app', { infer: true });
    const oauth = config.get('oauth', { infer: true });
    const base = {
      publicUrls: app.publicUrls,
      timestampSkewSeconds: oauth.timestampSkewSeconds,
      developmentMode: app.environment === 'development',
      // Checklist §8: the most common real-world failure is a proxy changing the URL; show what we computed.
      onSignatureMismatch: (diagnostics: Parameters<NonNullable<VerifyRequestOptions['onSignatureMismatch']>>[0]) => {
        this.logger.debug(describeSignatureMismatch(diagnostics));
      },
    };
    this.options = {
      'request-token': { ...base, endpoint: 'request-token' },
      'access-token': { ...base, endpoint: 'access-token' },
      resource: { ...base, endpoint: 'resource' },
    };
  }

  /** Feeds the admin link check (applinks) with every outcome; the public URLs say what signatures were checked against. */
  override onVerificationOutcome(report: OAuthVerificationReport): void {
    if (!this.linkDiagnostics) return;
    // A success needs neither (and comes with every signed call): spare it the copy.
    void this.linkDiagnostics.recordVerification(report.error === undefined ? report : { ...report, publicUrls: this.options.resource.publicUrls, store: this.store(report.endpoint) });
  }

  verifyOptions(endpoint: OAuthEndpoint): VerifyRequestOptions {
    return this.options[endpoint];
  }

  store(endpoint: OAuthEndpoint): OAuthStore {
    return (endpoint === 'access-token' ? this.oauthStore.renewalView : this.oauthStore) as unknown as OAuthStore;
  }

  async onTokenEndpointFailure(_endpoint: OAuthEndpoint, error: OAuthError, tokenValue: string | undefined, _input: OAuthRequestInput): Promise<void> {
    if (tokenValue === undefined) return;
    // Checklist H2: any failed exchange voids the request token it named (a no-op for access tokens and consumed ones).
    await this.requestTokens.burn(tokenValue, error.problem);
  }

  /**
   * 3-legged: the token's user. 2-legged (empty or absent `oauth_token`, already allowed by the core): the consumer's
   * "execute as" user or anonymous; with `xoauth_requestor_id` (or Atlassian's older `user_id`) the named user, who
   * must exist and be enabled, and every such call is audited (checklist X4).
   */
  async resolvePrincipal(verified: VerifiedRequest, request: unknown): Promise<OAuthPrincipal> {
    const consumer = (verified.consumer as ProviderConsumer).entity;
    if (!verified.twoLegged) {
      const token = verified.token as ProviderAccessToken;
      this.lastUsed.touch(token.id, token.lastUsedAt);
      return { user: token.user, consumer, token: { id: token.id }, mode: '3-legged' };
    }
    const requestorId = verified.requestorId ?? legacyUserId(verified);
    if (requestorId === undefined) {
      if (!consumer.allowTwoLegged) throw new OAuthError('permission_denied', { oauth_problem_advice: '2-legged OAuth is not enabled for this consumer' });
      if (!consumer.twoLeggedExecuteAs) return { user: null, consumer, token: null, mode: '2-legged' };
      const user = await this.enabledUser(consumer.twoLeggedExecuteAs);
      if (!user) throw new OAuthError('permission_denied', { oauth_problem_advice: 'the 2-legged "execute as" user is unavailable' });
      return { user, consumer, token: null, mode: '2-legged' };
    }
    if (!consumer.allowImpersonation) throw new OAuthError('permission_denied', { oauth_problem_advice: 'impersonation is not enabled for this consumer' });
    const user = await this.enabledUser(requestorId);
    if (!user) throw new OAuthError('permission_denied', { oauth_problem_advice: 'the impersonated user does not exist or is disabled' });
    const raw = (request as { raw?: { method?: string; url?: string }; ip?: string }) ?? {};
    await this.audit.record({
      actor: `consumer:${consumer.consumerKey}`,
      action: 'oauth.impersonation',
      targetType: 'user',
      targetId: user.username,
      details: { method: raw.raw?.method, path: raw.raw?.url?.split('?')[0] },
      ipAddress: raw.ip ?? null,
    });
    return { user, consumer, token: null, mode: '2-legged-impersonation' };
  }

  private async enabledUser(username: string): Promise<UserEntity | null> {
    const user = await this.users.findByUsername(username);
    return user?.enabled ? user : null;
  }
}

/** Atlassian's fallback for `xoauth_requestor_id`: a signed `user_id` query or form parameter. */
function legacyUserId(verified: VerifiedRequest): string | undefined {
  const values = [...verified.queryParams, ...verified.formParams].filter(([name]) => name === 'user_id').map(([, value]) => value);
  if (values.length > 1) throw new OAuthError('parameter_rejected', { oauth_parameters_rejected: ['user_id'], oauth_problem_advice: 'user_id appears more than once' });
  return values[0];
}
