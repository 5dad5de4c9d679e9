import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

import type { Configuration } from '@app/config';
import type { Param } from '@app/oauth1';

import { ServiceIdentityService } from '../applinks/service-identity.service';

import type { RemoteAppEntity } from './remote-app.entity';
import { accessTokenUrl, authorizeUrl, requestTokenUrl } from './remote-app-urls';
import { RemoteClient } from './remote-client';
import { RemoteOAuthError, RemoteRequestError } from './remote-errors';
import { DEFAULT_TIMEOUT_MS, sendOnce } from './remote-http';
import { RemoteTokensService } from './remote-tokens.service';
import { encodeParams, parseQuery, signRsaSha1 } from './oauth-signer';
import { parseOAuthChallenge } from './www-authenticate';

/** How long a started dance may take before its request token is forgotten (Atlassian's request-token TTL). */
const DANCE_TTL_MS = 10 * 60 * 1000;

/** Why finishing a dance failed, for the page to explain. */
export class DanceError extends Error {
  constructor(
    readonly reason: 'denied' | 'expired' | 'mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'DanceError';
  }
}

/**
 * Per-user authorization of this service at a remote application (the 3-legged "login dance" as a consumer):
 * request token with `oauth_callback` to our own callback, the user's browser to the remote's authorize page,
 * then the exchange with the verifier. Token requests are sent the way Atlassian's consumer sends them: POST with
 * every `oauth_*` parameter in a form body, no Authorization header, no redirects (atlassian-wire.md §3).
 */
@Injectable()
export class RemoteAuthorizationService {
  private readonly logger = new Logger(RemoteAuthorizationService.name);

  constructor(
    private readonly client: RemoteClient,
    private readonly tokens: RemoteTokensService,
    private readonly identity: ServiceIdentityService,
    private readonly config: ConfigService<Configuration, true>,
  ) {}

  /** Our callback for one remote application (absolute, under the public URL). */
  callbackUrl(app: Pick<RemoteAppEntity, 'id'>): string {
    return `${this.config.get('app', { infer: true }).publicUrl.replace(/\/+$/, '')}/remote-apps/${app.id}/callback`;
  }

  /** Step 1: obtains a request token and returns where to send the user's browser. */
  async start(userId: number, appId: number): Promise<{ authorizeUrl: string }> {
    const app = await this.client.resolveApp(appId);
    const answer = await this.tokenRequest(requestTokenUrl(app), undefined, { oauth_callback: this.callbackUrl(app) });
    await this.tokens.store({ remoteAppId: app.id, userId, kind: 'request', token: answer.oauth_token!, secret: answer.oauth_token_secret!, expiresAt: new Date(Date.now() + DANCE_TTL_MS) });
    const target = authorizeUrl(app);
    return { authorizeUrl: `${target}${target.includes('?') ? '&' : '?'}${encodeParams([['oauth_token', answer.oauth_token!]])}` };
  }

  /**
   * Step 3: the user came back to our callback. The token must be the one this user's dance is waiting for (a
   * callback carrying someone else's token is refused, so nobody can attach their remote account to another user);
   * then the verifier is exchanged for the access token.
   */
  async complete(userId: number, appId: number, oauthToken: string | undefined, verifier: string | undefined): Promise<void> {
    const app = await this.client.resolveApp(appId);
    const pending = oauthToken ? await this.tokens.findPendingRequest(app.id, userId, oauthToken) : null;
    if (!pending) throw new DanceError('mismatch', 'This authorization is unknown or expired. Start the connection again.');
    await this.tokens.delete(app.id, userId, 'request');
    if (!verifier || verifier === 'denied') throw new DanceError('denied', `Access was denied at ${app.name}. Nothing was connected.`);
    let answer: Record<string, string>;
    try {
      answer = await this.tokenRequest(accessTokenUrl(app), pending.token, { oauth_verifier: verifier });
    } catch (error) {
      if (error instanceof RemoteOAuthError && error.problem === 'permission_denied') throw new DanceError('denied', `${app.name} says access was denied.`);
      if (error instanceof RemoteOAuthError && ['token_expired', 'token_rejected', 'token_used'].includes(error.problem)) {
        throw new DanceError('expired', `${app.name} no longer accepts this authorization (${error.problem}). Start the connection again.`);
      }
      throw error;
    }
    const expiresIn = Number(answer.oauth_expires_in);
    await this.tokens.store({
      remoteAppId: app.id,
      userId,
      kind: 'access',
      token: answer.oauth_token!,
      secret: answer.oauth_token_secret!,
      sessionHandle: answer.oauth_session_handle || null,
      expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(Date.now() + expiresIn * 1000) : null,
    });
    this.logger.log(`user ${userId} connected to remote application ${app.id}`);
  }

  /** Forgets the user's token at the remote (the remote keeps its own record until its user revokes it there). */
  async disconnect(userId: number, appId: number): Promise<boolean> {
    await this.tokens.delete(appId, userId, 'request');
    return this.tokens.delete(appId, userId, 'access');
  }

  /**
   * One token-endpoint call. The answer is read as a form whatever its content type, and must hold non-empty
   * `oauth_token` and `oauth_token_secret` (as Atlassian's OAuthTokenRetriever requires); problems in
   * `WWW-Authenticate` become {@link RemoteOAuthError}.
   */
  private async tokenRequest(url: string, token: string | undefined, oauth: Record<string, string>): Promise<Record<string, string>> {
    const identity = await this.identity.get();
    const signed = signRsaSha1({ method: 'POST', url, consumerKey: identity.consumerKey, privateKey: identity.privateKey, token, oauth });
    const response = await sendOnce(
      url,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: '*/*' }, body: encodeParams(signed.oauthParams) },
      DEFAULT_TIMEOUT_MS,
    );
    if (!response.ok) {
      const challenge = parseOAuthChallenge(response.headers.get('www-authenticate')) ?? formOrEmpty(response.body);
      if (challenge.oauth_problem) throw new RemoteOAuthError(response.status, challenge.oauth_problem, challenge.oauth_problem_advice ?? null, challenge);
      throw new RemoteRequestError(`Failed to get a token from the remote application: status ${response.status}`, response.status);
    }
    const answer = formOrEmpty(response.body);
    if (!answer.oauth_token || !answer.oauth_token_secret) {
      throw new RemoteRequestError('The remote application answered without oauth_token and oauth_token_secret', response.status);
    }
    return answer;
  }
}

function formOrEmpty(body: string): Record<string, string> {
  try {
    return Object.fromEntries(parseQuery(body.trim()).map(([name, value]: Param) => [name, value]));
  } catch {
    return {};
  }
}
