import { randomBytes, randomUUID } from 'node:crypto';

import { decodeAuthorization, decodeForm, formEncode, hmacSha1, percentEncode, signatureBaseString } from './net-oauth';

/**
 * Bitbucket Data Center as an OAuth 1.0a consumer of a "Generic" outgoing application link, replayed on the wire
 * (atlassian-wire.md §0, §3, §4, §6), signing with its own net.oauth-style helpers (./net-oauth) rather than the
 * provider's core, and reacting to each `oauth_problem` as Atlassian's response handlers do.
 */

/** What Bitbucket makes of one response (OAuthTokenRetriever, OAuthApplinksResponseHandler). */
export type Outcome =
  /** `form` is the decoded token answer (empty for resource calls). */
  | { kind: 'success'; status: number; body: string; form: Map<string, string> }
  /** The stored token was deleted; the user sees "Authenticate / Login & approve". */
  | { kind: 'credentials-required'; status: number; problem: string; advice?: string; params: Map<string, string> }
  /** `permission_denied` at a token endpoint: "User refused…". */
  | { kind: 'user-denied'; status: number; params: Map<string, string> }
  /** Any other `oauth_problem`: "OAuth authentication failed: <problem>". */
  | { kind: 'authentication-failed'; status: number; problem: string; advice?: string; params: Map<string, string> }
  /** No `oauth_problem` (or no `WWW-Authenticate: OAuth` at all): a plain failure handed to the caller. */
  | { kind: 'failure'; status: number; body: string; challenge: boolean };

/** One response Bitbucket saw, kept so tests can check every 401 for the realm challenge. */
export interface SeenResponse {
  step: 'request-token' | 'access-token' | 'resource';
  status: number;
  wwwAuthenticate: string | null;
}

export interface BitbucketLinkSettings {
  /** Where the provider really listens (e.g. http://127.0.0.1:41234). */
  sendTo: string;
  /** The URLs the admin typed into the outgoing link, on the provider's public URL. */
  requestTokenUrl: string;
  authorizeUrl: string;
  accessTokenUrl: string;
  /** The provider's public base URL ("Application URL"), which resource URLs are signed against. */
  rpcUrl: string;
  consumerKey: string;
  sharedSecret: string;
  /** Bitbucket's own base URL. */
  base?: string;
  /** Where Bitbucket sends the user after the dance (`redirectUrl` on the callback), if anywhere. */
  redirectUrl?: string;
  /** The form content type Bitbucket's HTTP client sends (some versions add `; charset=UTF-8`). */
  formContentType?: string;
}

export interface CallOptions {
  method?: string;
  /** Form parameters, sent as an `application/x-www-form-urlencoded` body and signed. */
  form?: [string, string][];
  nonce?: string;
  timestamp?: number;
}

export interface TokenPair {
  token: string;
  secret: string;
}

const THREE_LEGGED_RESET = new Set(['token_expired', 'token_rejected', 'token_revoked']);

/** Bitbucket's side of one application link, with its per-user token store. */
export class BitbucketEmulator {
  readonly applicationLinkId = randomUUID();
  readonly base: string;
  /** Stored consumer tokens per Bitbucket user (ConsumerTokenStore). */
  readonly tokens = new Map<string, TokenPair>();
  readonly seen: SeenResponse[] = [];
  /** How far Bitbucket's clock is ahead of real time. */
  clockOffsetSeconds = 0;

  constructor(readonly link: BitbucketLinkSettings) {
    this.base = link.base ?? 'https://bitbucket.example.com';
  }

  /** `<base>/plugins/servlet/applinks/oauth/login-dance/access?applicationLinkID=<id>[&redirectUrl=<enc>]`. */
  get callback(): string {
    const redirect = this.link.redirectUrl === undefined ? '' : `&redirectUrl=${percentEncode(this.link.redirectUrl)}`;
    return `${this.base}/plugins/servlet/applinks/oauth/login-dance/access?applicationLinkID=${this.applicationLinkId}${redirect}`;
  }

  private get formContentType(): string {
    return this.link.formContentType ?? 'application/x-www-form-urlencoded';
  }

  /** Step 3: POST, every `oauth_*` parameter in a form body, no Authorization header, redirects not followed. */
  async requestToken(): Promise<Outcome & { pair?: TokenPair }> {
    return this.tokenCall('request-token', this.link.requestTokenUrl, null, [['oauth_callback', this.callback]]);
  }

  /** Step 5: `<authorizeUrl> + "?" + formEncode({oauth_token, oauth_callback})` (a literal `?`). */
  authorizeUrl(requestToken: string): string {
    return `${this.link.authorizeUrl}?${formEncode([
      ['oauth_token', requestToken],
      ['oauth_callback', this.callback],
    ])}`;
  }

  /** Step 6, first half: the browser came back to the login-dance access servlet. */
  readCallback(location: string, requestToken: string): { verifier: string | null } {
    const url = new URL(location);
    const expected = new URL(this.callback);
    if (url.origin !== expected.origin || url.pathname !== expected.pathname) throw new Error(`callback went to ${location}, not ${this.callback}`);
    const query = new Map(decodeForm(url.search.slice(1)));
    if (query.get('applicationLinkID') !== this.applicationLinkId) throw new Error(`applicationLinkID lost in ${location}`);
    if (query.get('redirectUrl') !== this.link.redirectUrl) throw new Error(`redirectUrl changed in ${location}`);
    if (query.get('oauth_token') !== requestToken) throw new Error(`oauth_token in ${location} is not the stored request token`);
    const verifier = query.get('oauth_verifier');
    return { verifier: verifier === undefined || verifier.trim() === '' ? null : verifier };
  }

  /** Step 6: the exchange; on success the access token replaces the user's stored token. */
  async accessToken(user: string, requestToken: TokenPair, verifier: string | null): Promise<Outcome & { pair?: TokenPair }> {
    const extra: [string, string][] = [['oauth_token', requestToken.token]];
    if (verifier !== null) extra.push(['oauth_verifier', verifier]);
    const outcome = await this.tokenCall('access-token', this.link.accessTokenUrl, requestToken.secret, extra);
    if (outcome.pair) this.tokens.set(user, outcome.pair);
    return outcome;
  }

  /** A 3-legged resource call with the user's stored token (header-signed, no realm). */
  async asUser(user: string, path: string, options: CallOptions = {}): Promise<Outcome> {
    const pair = this.tokens.get(user);
    if (!pair) throw new Error(`Bitbucket holds no token for ${user}: credentials required`);
    const outcome = await this.resourceCall(path, pair, options);
    if (outcome.kind === 'credentials-required') this.tokens.delete(user);
    return outcome;
  }

  /** 2LO: `oauth_token=""` in the header and signed. */
  twoLegged(path: string, options: CallOptions = {}): Promise<Outcome> {
    return this.resourceCall(path, { token: '', secret: '' }, options);
  }

  /** 2LOi: additionally `xoauth_requestor_id=<username>` on the URL query, signed, not in the header. */
  impersonating(username: string, path: string, options: CallOptions = {}): Promise<Outcome> {
    const separator = path.includes('?') ? '&' : '?';
    return this.resourceCall(`${path}${separator}xoauth_requestor_id=${percentEncode(username)}`, { token: '', secret: '' }, options);
  }

  /** An unauthenticated request (Applinks' anonymous calls): no OAuth parameters at all. */
  async anonymous(path: string): Promise<Outcome> {
    return this.classify('resource', await fetch(this.wire(`${this.link.rpcUrl}${path}`), { redirect: 'manual' }));
  }

  /** The signed protocol parameters for one request (oauth_version=1.0 included, as net.oauth adds it). */
  sign(method: string, url: string, token: TokenPair | null, extra: [string, string][], form: [string, string][], options: CallOptions): [string, string][] {
    const oauth: [string, string][] = [
      ['oauth_consumer_key', this.link.consumerKey],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', String(options.timestamp ?? Math.floor(Date.now() / 1000) + this.clockOffsetSeconds)],
      ['oauth_nonce', options.nonce ?? randomBytes(16).toString('hex')],
      ['oauth_version', '1.0'],
      ...(token && !extra.some(([name]) => name === 'oauth_token') ? [['oauth_token', token.token] as [string, string]] : []),
      ...extra,
    ];
    const base = signatureBaseString(method, url, [...oauth, ...form]);
    return [...oauth, ['oauth_signature', hmacSha1(base, this.link.sharedSecret, token?.secret ?? '')]];
  }

  private async tokenCall(step: 'request-token' | 'access-token', url: string, tokenSecret: string | null, extra: [string, string][]): Promise<Outcome & { pair?: TokenPair }> {
    const params = this.sign('POST', url, tokenSecret === null ? null : { token: '', secret: tokenSecret }, extra, [], {});
    const response = await fetch(this.wire(url), {
      method: 'POST',
      headers: { 'content-type': this.formContentType },
      body: formEncode(params),
      redirect: 'manual',
    });
    const outcome = await this.classify(step, response);
    if (outcome.kind !== 'success') return outcome;
    const token = outcome.form.get('oauth_token') ?? '';
    const secret = outcome.form.get('oauth_token_secret') ?? '';
    if (token === '' || secret === '') return { kind: 'failure', status: outcome.status, body: outcome.body, challenge: false };
    return { ...outcome, pair: { token, secret } };
  }

  private async resourceCall(path: string, token: TokenPair, options: CallOptions): Promise<Outcome> {
    const method = (options.method ?? (options.form ? 'POST' : 'GET')).toUpperCase();
    const url = `${this.link.rpcUrl}${path}`;
    const form = options.form ?? [];
    const oauth = this.sign(method, url, token, [], form, options);
    // getAuthorizationHeader(null): no realm, only oauth_* parameters.
    const authorization = `OAuth ${oauth.map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`).join(', ')}`;
    const headers: Record<string, string> = { authorization };
    if (form.length > 0) headers['content-type'] = this.formContentType;
    const response = await fetch(this.wire(url), { method, headers, ...(form.length > 0 && { body: formEncode(form) }), redirect: 'manual' });
    return this.classify('resource', response);
  }

  /** Atlassian's response handling (atlassian-wire §3 step 4, §6). */
  private async classify(step: SeenResponse['step'], response: Response): Promise<Outcome> {
    const body = await response.text();
    const wwwAuthenticate = response.headers.get('www-authenticate');
    this.seen.push({ step, status: response.status, wwwAuthenticate });
    // Token answers are decoded as a form whatever their content type; resource answers go to the caller as they are.
    if (response.status >= 200 && response.status < 300) return { kind: 'success', status: response.status, body, form: new Map(step === 'resource' ? [] : decodeForm(body)) };
    const challenge = decodeAuthorization(wwwAuthenticate);
    if (!challenge || challenge.scheme.toLowerCase() !== 'oauth') return { kind: 'failure', status: response.status, body, challenge: false };
    const params = challenge.params;
    const problem = params.get('oauth_problem');
    const advice = params.get('oauth_problem_advice');
    if (step !== 'resource') {
      if (problem === 'permission_denied') return { kind: 'user-denied', status: response.status, params };
      if (problem) return { kind: 'authentication-failed', status: response.status, problem, ...(advice && { advice }), params };
      return { kind: 'failure', status: response.status, body, challenge: true };
    }
    if (problem && THREE_LEGGED_RESET.has(problem)) return { kind: 'credentials-required', status: response.status, problem, ...(advice && { advice }), params };
    if (problem) return { kind: 'authentication-failed', status: response.status, problem, ...(advice && { advice }), params };
    return { kind: 'failure', status: response.status, body, challenge: true };
  }

  /** The URL Bitbucket signs is on the public URL; the request itself goes to where the test server listens. */
  private wire(url: string): string {
    const parsed = new URL(url);
    return `${this.link.sendTo}${parsed.pathname}${parsed.search}`;
  }
}
