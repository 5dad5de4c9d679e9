import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import {
  InMemoryOAuthStore,
  type OAuthConsumer,
  OAuthError,
  type OAuthEndpoint,
  type OAuthTokenRecord,
  parsePublicKey,
  renderProblem,
  type VerifiedRequest,
  verifyRequest,
} from '@app/oauth1';

/** What the fake remote saw of one request. */
export interface SeenRequest {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
  verified?: VerifiedRequest;
  problem?: string;
}

/**
 * A stand-in for Bitbucket as an OAuth provider, independent of the service under test: a bare node:http server that
 * checks every request with the protocol core's verifyRequest over an in-memory store, issues request and access
 * tokens, and "authorizes" a request token when its authorize URL is fetched (approve or deny).
 */
export class FakeAtlassian {
  readonly store = new InMemoryOAuthStore();
  readonly seen: SeenRequest[] = [];
  private server?: Server;
  baseUrl = '';
  /** Verifiers of approved request tokens; `null` means denied. */
  private readonly decisions = new Map<string, string | null>();
  private readonly callbacks = new Map<string, string>();
  /** The next authorize visit denies instead of approving. */
  denyNext = false;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Registers a consumer the way Bitbucket's Incoming Authentication does: key, public key, 2LO flags. */
  registerConsumer(key: string, publicKey: string, flags: { allowTwoLegged?: boolean; allowImpersonation?: boolean } = {}): void {
    const consumer: OAuthConsumer = {
      key,
      enabled: true,
      signatureMethods: ['RSA-SHA1'],
      rsaPublicKey: parsePublicKey(publicKey).keyObject,
      allowTwoLegged: flags.allowTwoLegged ?? false,
      allowImpersonation: flags.allowImpersonation ?? false,
    };
    this.store.consumers.set(key, consumer);
  }

  setConsumerFlags(key: string, flags: { allowTwoLegged?: boolean; allowImpersonation?: boolean }): void {
    const consumer = this.store.consumers.get(key)!;
    this.store.consumers.set(key, { ...consumer, ...flags });
  }

  /** The access tokens issued so far. */
  accessTokens(): OAuthTokenRecord[] {
    return [...this.store.tokens.values()].filter((t) => t.kind === 'access');
  }

  updateToken(token: string, change: Partial<OAuthTokenRecord> | null): void {
    if (change === null) this.store.tokens.delete(token);
    else this.store.tokens.set(token, { ...this.store.tokens.get(token)!, ...change });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const target = req.url ?? '/';
    const [path, query = ''] = target.split('?');
    const seen: SeenRequest = { method: req.method ?? 'GET', path: path!, query, authorization: req.headers.authorization, contentType: req.headers['content-type'], body: body.toString('utf8') };
    this.seen.push(seen);

    if (path === '/plugins/servlet/oauth/authorize') return this.authorize(new URLSearchParams(query), res);
    if (path === '/slow') {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      res.writeHead(200).end('late');
      return;
    }
    const endpoint: OAuthEndpoint = path === '/plugins/servlet/oauth/request-token' ? 'request-token' : path === '/plugins/servlet/oauth/access-token' ? 'access-token' : 'resource';
    let verified: VerifiedRequest;
    try {
      verified = await verifyRequest({ method: req.method!, target, headers: req.headersDistinct, body }, { endpoint, publicUrls: [this.baseUrl], timestampSkewSeconds: 300 }, this.store);
      if (endpoint === 'access-token') this.checkVerifier(verified);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      seen.problem = error.problem;
      const problem = renderProblem(error, this.baseUrl);
      res.writeHead(problem.status, { ...problem.headers, 'content-type': 'application/x-www-form-urlencoded' }).end(problem.body);
      return;
    }
    seen.verified = verified;
    if (endpoint === 'request-token') return this.issue(res, 'request', verified);
    if (endpoint === 'access-token') return this.issue(res, 'access', verified);
    if (path === '/redirect') {
      res.writeHead(302, { location: `${this.baseUrl}/elsewhere` }).end();
      return;
    }
    const user = verified.token ? (verified.token as OAuthTokenRecord & { user?: string }).user : (verified.requestorId ?? null);
    if (path === '/plugins/servlet/applinks/whoami') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(user ?? '');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path, user, twoLegged: verified.twoLegged, requestorId: verified.requestorId ?? null, location: verified.location }));
  }

  private checkVerifier(verified: VerifiedRequest): void {
    const expected = this.decisions.get(verified.token!.token);
    if (expected === undefined) throw new OAuthError('permission_unknown');
    if (expected === null || expected !== verified.verifier) throw new OAuthError('permission_denied');
  }

  private issue(res: ServerResponse, kind: 'request' | 'access', verified: VerifiedRequest): void {
    const token = randomBytes(12).toString('hex');
    const secret = randomBytes(16).toString('hex');
    const record: OAuthTokenRecord & { user?: string } = { token, secret, kind, consumerKey: verified.consumer.key, expiresAt: Date.now() + 600_000 };
    if (kind === 'access') {
      record.user = 'bb-user';
      this.store.tokens.delete(verified.token!.token);
    } else {
      this.callbacks.set(token, verified.callback ?? 'oob');
    }
    this.store.tokens.set(token, record);
    const answer = new URLSearchParams({ oauth_token: token, oauth_token_secret: secret, ...(kind === 'request' ? { oauth_callback_confirmed: 'true' } : { oauth_expires_in: '157680000' }) });
    res.writeHead(200, { 'content-type': 'text/plain' }).end(answer.toString());
  }

  /** The user's decision, at once: approve (a 6-character verifier) or deny; then back to the consumer's callback. */
  private authorize(params: URLSearchParams, res: ServerResponse): void {
    const token = params.get('oauth_token') ?? '';
    const callback = this.callbacks.get(token);
    if (!callback) {
      res.writeHead(400).end('unknown token');
      return;
    }
    const verifier = this.denyNext ? null : randomBytes(3).toString('hex');
    this.denyNext = false;
    this.decisions.set(token, verifier);
    const separator = callback.includes('?') ? '&' : '?';
    res.writeHead(302, { location: `${callback}${separator}oauth_token=${encodeURIComponent(token)}&oauth_verifier=${verifier ?? 'denied'}` }).end();
  }
}
