import { Injectable, Logger } from '@nestjs/common';

import type { Param } from '@app/oauth1';

import { ServiceIdentityService } from '../applinks/service-identity.service';

import type { RemoteAppEntity } from './remote-app.entity';
import { rpcBase } from './remote-app-urls';
import { RemoteAppsService } from './remote-apps.service';
import { ReauthorizationRequiredError, RemoteAppUnavailableError, RemoteCallNotAllowedError, RemoteOAuthError } from './remote-errors';
import { DEFAULT_TIMEOUT_MS, type RemoteRequestOptions, type RemoteResponse, sendOnce, toParams } from './remote-http';
import { RemoteTokensService } from './remote-tokens.service';
import { encodeParams, parseQuery, signRsaSha1 } from './oauth-signer';
import { parseOAuthChallenge, REAUTHORIZE_PROBLEMS } from './www-authenticate';

/** Who a call is made as. */
type CallAuth = { kind: 'user'; userId: number } | { kind: '2-legged' } | { kind: 'impersonation'; username: string };

/** A user as the client needs it: anything with an id (a UserEntity, a principal's user). */
export type UserRef = { id: number } | number;

/** Calls to one remote application as one principal: `get`, `post`, `put`, `delete`, `request`. */
export class RemoteCaller {
  constructor(
    private readonly client: RemoteClient,
    private readonly appId: number | undefined,
    private readonly auth: CallAuth,
  ) {}

  get(path: string, options?: RemoteRequestOptions): Promise<RemoteResponse> {
    return this.request('GET', path, options);
  }

  post(path: string, options?: RemoteRequestOptions): Promise<RemoteResponse> {
    return this.request('POST', path, options);
  }

  put(path: string, options?: RemoteRequestOptions): Promise<RemoteResponse> {
    return this.request('PUT', path, options);
  }

  delete(path: string, options?: RemoteRequestOptions): Promise<RemoteResponse> {
    return this.request('DELETE', path, options);
  }

  request(method: string, path: string, options: RemoteRequestOptions = {}): Promise<RemoteResponse> {
    return this.client.send(this.appId, this.auth, method, path, options);
  }
}

/** The principals of one remote application: `remote.to(id).forUser(user)`. */
export class RemoteTarget {
  constructor(
    private readonly client: RemoteClient,
    private readonly appId: number,
  ) {}

  forUser(user: UserRef): RemoteCaller {
    return this.client.forUser(user, this.appId);
  }

  asConsumer(): RemoteCaller {
    return this.client.asConsumer(this.appId);
  }

  impersonating(username: string): RemoteCaller {
    return this.client.impersonating(username, this.appId);
  }
}

/**
 * The signed HTTP client any module can inject to call a linked Bitbucket/Jira/Confluence, signing with this
 * service's RSA key (RSA-SHA1, as Atlassian requires of key-registered consumers):
 *
 * - `remote.forUser(user).get('/rest/api/1.0/projects')`: 3-legged, with the user's stored remote token;
 * - `remote.asConsumer().get(…)`: 2-legged, `oauth_token=""` in the signed parameters and the header;
 * - `remote.impersonating('alice').get(…)`: 2-legged with `xoauth_requestor_id=alice` in the query (signed, not in
 *   the header), exactly as Atlassian's TwoLeggedOAuthWithImpersonationRequest (atlassian-wire.md §4).
 *
 * Without an app id the only enabled remote application is used. On `token_expired`, `token_rejected` or
 * `token_revoked` the user's stored token is deleted and {@link ReauthorizationRequiredError} is thrown (the pages
 * show "Reconnect"); other OAuth problems throw {@link RemoteOAuthError}; answers without a problem are returned.
 */
@Injectable()
export class RemoteClient {
  private readonly logger = new Logger(RemoteClient.name);

  constructor(
    private readonly apps: RemoteAppsService,
    private readonly tokens: RemoteTokensService,
    private readonly identity: ServiceIdentityService,
  ) {}

  to(appId: number): RemoteTarget {
    return new RemoteTarget(this, appId);
  }

  forUser(user: UserRef, appId?: number): RemoteCaller {
    return new RemoteCaller(this, appId, { kind: 'user', userId: typeof user === 'number' ? user : user.id });
  }

  asConsumer(appId?: number): RemoteCaller {
    return new RemoteCaller(this, appId, { kind: '2-legged' });
  }

  impersonating(username: string, appId?: number): RemoteCaller {
    if (!username) throw new TypeError('impersonating() needs the remote username');
    return new RemoteCaller(this, appId, { kind: 'impersonation', username });
  }

  /** @internal Used by {@link RemoteCaller}. */
  async send(appId: number | undefined, auth: CallAuth, method: string, path: string, options: RemoteRequestOptions): Promise<RemoteResponse> {
    const app = await this.resolveApp(appId);
    if (auth.kind === '2-legged' && !app.twoLeggedEnabled) throw new RemoteCallNotAllowedError(app.id, '2-legged');
    if (auth.kind === 'impersonation' && !app.impersonationEnabled) throw new RemoteCallNotAllowedError(app.id, 'impersonation');
    const userToken = auth.kind === 'user' ? await this.tokens.find(app.id, auth.userId, 'access') : null;
    if (auth.kind === 'user' && !userToken) throw new ReauthorizationRequiredError(app.id, auth.userId, 'not_connected');

    const extraQuery = toParams(options.query);
    if (auth.kind === 'impersonation') extraQuery.push(['xoauth_requestor_id', auth.username]);
    const url = buildUrl(rpcBase(app), path, extraQuery);
    const form = toParams(options.form);
    const identity = await this.identity.get();
    const signed = signRsaSha1({
      method,
      url,
      consumerKey: identity.consumerKey,
      privateKey: identity.privateKey,
      token: userToken ? userToken.token : '',
      form,
    });
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers, authorization: signed.authorization };
    let body: string | undefined;
    if (form.length > 0) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = encodeParams(form);
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await sendOnce(url, { method: method.toUpperCase(), headers, body }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    if (response.ok && userToken) await this.tokens.touch(userToken);
    if (response.ok) return response;
    const challenge = parseOAuthChallenge(response.headers.get('www-authenticate'));
    const problem = challenge?.oauth_problem;
    if (!problem) return response;
    if (auth.kind === 'user' && REAUTHORIZE_PROBLEMS.has(problem)) {
      // Atlassian's consumer does the same: drop the token and ask the user to authenticate again (§6).
      await this.tokens.delete(app.id, auth.userId, 'access');
      this.logger.log(`remote application ${app.id} answered ${problem} for user ${auth.userId}: token deleted, reconnect needed`);
      throw new ReauthorizationRequiredError(app.id, auth.userId, problem);
    }
    if (problem === 'timestamp_refused') this.logger.warn(`remote application ${app.id} refused our timestamp: the clocks are probably out of sync`);
    throw new RemoteOAuthError(response.status, problem, challenge.oauth_problem_advice ?? null, challenge);
  }

  /** The given app (enabled), or the only enabled one. */
  async resolveApp(appId: number | undefined): Promise<RemoteAppEntity> {
    if (appId !== undefined) {
      const app = await this.apps.get(appId).catch(() => null);
      if (!app || !app.enabled) throw new RemoteAppUnavailableError(`remote application ${appId} does not exist or is disabled`);
      return app;
    }
    const enabled = (await this.apps.list()).filter((a) => a.enabled);
    if (enabled.length !== 1) throw new RemoteAppUnavailableError(enabled.length === 0 ? 'no remote application is enabled' : 'several remote applications are enabled: name one with remote.to(id)');
    return enabled[0]!;
  }
}

/**
 * The absolute URL of a call: the RPC base, the caller's path, and the query re-encoded with the RFC 5849 encoder
 * so the bytes sent are exactly the bytes signed (fetch leaves an already-encoded URL unchanged).
 */
export function buildUrl(base: string, path: string, extraQuery: readonly Param[] = []): string {
  if (!path.startsWith('/') || path.startsWith('//')) throw new TypeError(`remote path must start with a single "/": ${path}`);
  const url = new URL(`${base}${path}`);
  const query = [...parseQuery(url.search.slice(1)), ...extraQuery];
  url.search = '';
  url.hash = '';
  return query.length === 0 ? url.href : `${url.href}?${encodeParams(query)}`;
}
