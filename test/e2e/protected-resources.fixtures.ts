import { createHmac, generateKeyPairSync, randomBytes, sign as rsaSign } from 'node:crypto';

import { parseForm, rfc3986, type SignedAgent, signedAgent, TEST_PUBLIC_URL, type TestApp, type TestTokenCredentials } from '@app/testing';

import type { UserEntity } from '../../apps/provider/src/accounts/user.entity';
import { UsersService } from '../../apps/provider/src/accounts/users.service';
import { ConsumersService } from '../../apps/provider/src/consumers/consumers.service';
import type { CreateConsumerInput } from '../../apps/provider/src/consumers/consumer.types';
import { RequestTokensService } from '../../apps/provider/src/oauth/request-tokens.service';

/**
 * Fixtures for protected-resource tests, made through the services and the real token endpoints (no rows written
 * behind the service's back): users, consumers, and access tokens obtained by the 3-legged flow.
 */
export class ProtectedFixtures {
  constructor(private readonly service: TestApp) {}

  createUser(username: string, enabled = true): Promise<UserEntity> {
    return this.service.app
      .get(UsersService)
      .create({ username, displayName: `${username[0]!.toUpperCase()}${username.slice(1)} Example`, role: 'user' })
      .then((user) => (enabled ? user : this.service.app.get(UsersService).setEnabled(user.id, false)));
  }

  /** An HMAC-SHA1 consumer (generated shared secret) with the given settings. */
  async hmacConsumer(consumerKey: string, settings: Partial<CreateConsumerInput> = {}): Promise<SignedAgent> {
    const { sharedSecret } = await this.service.app
      .get(ConsumersService)
      .create({ label: 'test:fixtures' }, { consumerKey, name: `Consumer ${consumerKey}`, signatureMethods: ['HMAC-SHA1'], ...settings });
    return signedAgent(this.service.baseUrl, { key: consumerKey, method: 'HMAC-SHA1', secret: sharedSecret! });
  }

  /** An RSA-SHA1 consumer with a fresh 2048-bit key pair. */
  async rsaConsumer(consumerKey: string, settings: Partial<CreateConsumerInput> = {}): Promise<SignedAgent> {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await this.service.app.get(ConsumersService).create(
      { label: 'test:fixtures' },
      {
        consumerKey,
        name: `Consumer ${consumerKey}`,
        signatureMethods: ['RSA-SHA1'],
        publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        ...settings,
      },
    );
    return signedAgent(this.service.baseUrl, { key: consumerKey, method: 'RSA-SHA1', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
  }

  /** A request token (not yet approved) from the real endpoint. */
  async requestToken(agent: SignedAgent): Promise<TestTokenCredentials> {
    const response = await agent.withToken(null).post('/oauth/request-token', { oauth: { oauth_callback: 'oob' } });
    const body = parseForm(await response.text());
    if (response.status !== 200) throw new Error(`request-token failed: ${response.status} ${JSON.stringify(body)}`);
    return { token: body.oauth_token!, secret: body.oauth_token_secret! };
  }

  /** The whole 3-legged flow: request token → the user approves → access token. */
  async accessToken(agent: SignedAgent, user: UserEntity): Promise<TestTokenCredentials> {
    const requestToken = await this.requestToken(agent);
    const { verifier } = await this.service.app.get(RequestTokensService).approve(requestToken.token, user.id);
    const response = await agent.withToken(requestToken).post('/oauth/access-token', { oauth: { oauth_verifier: verifier } });
    const body = parseForm(await response.text());
    if (response.status !== 200) throw new Error(`access-token failed: ${response.status} ${JSON.stringify(body)}`);
    return { token: body.oauth_token!, secret: body.oauth_token_secret! };
  }
}

/** `oauth_problem` from a problem answer's `WWW-Authenticate` header. */
export function oauthProblem(response: Response): string | undefined {
  return /oauth_problem="([^"]*)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1];
}

export interface RawSignedRequest {
  method: string;
  /** Path plus the query exactly as it goes on the wire (already encoded), e.g. `/x?q=a%20b`. */
  target: string;
  /** Decoded non-oauth form parameters, in order; sent form-encoded. */
  form?: Array<[string, string]>;
  /** Where the oauth_* parameters go. */
  placement?: 'header' | 'body';
}

/**
 * A deliberately small RFC 5849 signer for the awkward cases (repeated names, empty values, non-ASCII, parameters in
 * the body) that the `oauth-1.0a` package flattens into an object. Written from §3.4.1 directly, independent of the
 * core: decode the wire query, add form and protocol parameters, encode (§3.6), sort, sign.
 */
export function signRaw(agent: SignedAgent, token: TestTokenCredentials, request: RawSignedRequest): { url: string; init: RequestInit } {
  const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
  const [path, query = ''] = request.target.split(/\?(.*)/s, 2) as [string, string?];
  const queryPairs = query ? query.split('&').map((p): [string, string] => { const i = p.indexOf('='); return i === -1 ? [decode(p), ''] : [decode(p.slice(0, i)), decode(p.slice(i + 1))]; }) : [];
  const protocol: Array<[string, string]> = [
    ['oauth_consumer_key', agent.consumer.key],
    ['oauth_nonce', randomBytes(12).toString('hex')],
    ['oauth_signature_method', agent.consumer.method],
    ['oauth_timestamp', String(Math.floor(Date.now() / 1000))],
    ['oauth_token', token.token],
    ['oauth_version', '1.0'],
  ];
  const form = request.form ?? [];
  const normalized = [...queryPairs, ...form, ...protocol]
    .map(([n, v]) => [rfc3986(n), rfc3986(v)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`)
    .join('&');
  const base = [request.method, rfc3986(`${TEST_PUBLIC_URL}${path}`), rfc3986(normalized)].join('&');
  const signature =
    agent.consumer.method === 'RSA-SHA1'
      ? rsaSign('RSA-SHA1', Buffer.from(base), agent.consumer.privateKeyPem!).toString('base64')
      : createHmac('sha1', `${rfc3986(agent.consumer.secret!)}&${rfc3986(token.secret)}`).update(base).digest('base64');
  const signed: Array<[string, string]> = [...protocol, ['oauth_signature', signature]];
  const encode = (pairs: Array<[string, string]>) => pairs.map(([n, v]) => `${rfc3986(n)}=${rfc3986(v)}`).join('&');
  const headers: Record<string, string> = {};
  let bodyPairs = form;
  if ((request.placement ?? 'header') === 'header') headers.Authorization = `OAuth ${signed.map(([n, v]) => `${rfc3986(n)}="${rfc3986(v)}"`).join(', ')}`;
  else bodyPairs = [...signed, ...form];
  if (bodyPairs.length) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  return { url: `${agent.baseUrl}${request.target}`, init: { method: request.method, headers, ...(bodyPairs.length && { body: encode(bodyPairs) }) } };
}
