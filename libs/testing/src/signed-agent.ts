import { sign as rsaSign } from 'node:crypto';
import { createHmac } from 'node:crypto';

import OAuth from 'oauth-1.0a';

import { TEST_PUBLIC_URL } from './test-configuration';

/** A consumer as a client holds it: key plus shared secret (HMAC-SHA1, PLAINTEXT) or RSA private key (RSA-SHA1). */
export interface TestConsumerCredentials {
  key: string;
  method: 'HMAC-SHA1' | 'RSA-SHA1' | 'PLAINTEXT';
  secret?: string;
  privateKeyPem?: string;
}

/** A token as a client holds it. `token: ''` with `secret: ''` sends `oauth_token=""` (a 2-legged call). */
export interface TestTokenCredentials {
  token: string;
  secret: string;
}

/** Where the `oauth_*` parameters travel (RFC 5849 §3.5): Authorization header, form body (Bitbucket), or query. */
export type ParamPlacement = 'header' | 'body' | 'query';

export interface SignedRequestOptions {
  /** Default GET. */
  method?: string;
  /** Path with optional query (`/api/me?x=1`); signed against the public URL, sent to the base URL. */
  path: string;
  /** Default `header`. */
  placement?: ParamPlacement;
  /** Extra protocol parameters (`oauth_callback`, `oauth_verifier`, `oauth_session_handle`), placed with the others. */
  oauth?: Record<string, string>;
  /** Signed non-OAuth form parameters (sent as an `application/x-www-form-urlencoded` body). */
  form?: [string, string][];
  /** The token for this call; overrides the agent's. `null` sends no `oauth_token` at all. */
  token?: TestTokenCredentials | null;
  /** An unsigned raw body (e.g. JSON) with its content type; not allowed together with form parameters. */
  body?: { contentType: string; text: string };
  headers?: Record<string, string>;
  /** Fixed values for replay and clock tests. */
  timestamp?: number;
  nonce?: string;
}

/** A signed request ready to send (the same one may be sent many times, e.g. to test replay protection). */
export interface PreparedRequest {
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string };
  /** The protocol parameters that were sent (including `oauth_signature`). */
  protocol: Record<string, string>;
}

/** RFC 3986 encoding (RFC 5849 §3.6). */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Decodes `application/x-www-form-urlencoded` text (`+` is a space, RFC 5849 §3.4.1.3.1) into ordered pairs. */
export function parseFormPairs(text: string): [string, string][] {
  const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, '%20'));
  const out: [string, string][] = [];
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    out.push(eq === -1 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
  }
  return out;
}

/** Parses a form-encoded answer (token responses, problem bodies) into an object (the last value of a name wins). */
export function parseForm(text: string): Record<string, string> {
  return Object.fromEntries(parseFormPairs(text));
}

/** Pairs as oauth-1.0a's `data`: one entry per name, an array when the name repeats (all values are signed). */
function groupByName(pairs: readonly (readonly [string, string])[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of pairs) {
    const seen = out[name];
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

function encodePairs(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`).join('&');
}

/**
 * An independent OAuth 1.0a client for tests, built on the npm `oauth-1.0a` package (not on our core): HMAC-SHA1,
 * RSA-SHA1 and PLAINTEXT, parameters in the header, the form body or the query, and 2-legged calls. It signs against
 * `publicUrl` + path (the service's configured public URL, `TEST_PUBLIC_URL`) and sends to `baseUrl` + path, as a
 * client behind a proxy would.
 */
export class SignedAgent {
  constructor(
    readonly baseUrl: string,
    readonly consumer: TestConsumerCredentials,
    readonly token: TestTokenCredentials | null = null,
    readonly publicUrl: string = TEST_PUBLIC_URL,
  ) {}

  /** The same consumer with a token (`{ token: '', secret: '' }` for 2-legged calls). */
  withToken(token: TestTokenCredentials | null): SignedAgent {
    return new SignedAgent(this.baseUrl, this.consumer, token, this.publicUrl);
  }

  prepare(options: SignedRequestOptions): PreparedRequest {
    const method = (options.method ?? 'GET').toUpperCase();
    const placement = options.placement ?? 'header';
    const token = options.token === undefined ? this.token : options.token;
    const form = options.form ?? [];
    const extra = options.oauth ?? {};
    const client = this.client();
    if (options.timestamp !== undefined) client.getTimeStamp = () => options.timestamp!;
    if (options.nonce !== undefined) client.getNonce = () => options.nonce!;
    // oauth-1.0a reads the URL query itself without decoding `+` or names, keeps one value per name across query and
    // form, and merges everything into the object it returns. So: hand it the bare URL and every signed parameter
    // (query, form, extra protocol ones) decoded in `data`, repeated names as arrays, and keep only what it added.
    const queryAt = options.path.indexOf('?');
    const query = queryAt === -1 ? [] : parseFormPairs(options.path.slice(queryAt + 1));
    const data = groupByName([...query, ...form, ...Object.entries(extra)]);
    const signed = client.authorize(
      { url: `${this.publicUrl}${queryAt === -1 ? options.path : options.path.slice(0, queryAt)}`, method, data: { ...data } },
      token ? { key: token.token, secret: token.secret } : undefined,
    ) as unknown as Record<string, string>;
    const protocol: Record<string, string> = { ...extra };
    for (const [name, value] of Object.entries(signed)) if (!(name in data)) protocol[name] = value;
    const protocolPairs = Object.entries(protocol);

    const headers: Record<string, string> = { ...options.headers };
    let path = options.path;
    let bodyPairs: [string, string][] = [...form];
    if (placement === 'header') headers.Authorization = client.toHeader(protocol as unknown as OAuth.Authorization).Authorization;
    else if (placement === 'query') path += `${path.includes('?') ? '&' : '?'}${encodePairs(protocolPairs)}`;
    else bodyPairs = [...protocolPairs, ...form];

    let body: string | undefined;
    if (bodyPairs.length > 0) {
      if (options.body) throw new Error('SignedAgent: a raw body cannot be combined with form parameters');
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = encodePairs(bodyPairs);
    } else if (options.body) {
      headers['Content-Type'] = options.body.contentType;
      body = options.body.text;
    }
    return { url: `${this.baseUrl}${path}`, init: { method, headers, ...(body !== undefined && { body }) }, protocol };
  }

  /** Signs and sends one request. */
  request(options: SignedRequestOptions): Promise<Response> {
    const prepared = this.prepare(options);
    return send(prepared);
  }

  get(path: string, options: Omit<SignedRequestOptions, 'path' | 'method'> = {}): Promise<Response> {
    return this.request({ ...options, path, method: 'GET' });
  }

  post(path: string, options: Omit<SignedRequestOptions, 'path' | 'method'> = {}): Promise<Response> {
    return this.request({ ...options, path, method: 'POST' });
  }

  private client(): OAuth {
    const { consumer } = this;
    if (consumer.method === 'RSA-SHA1') {
      if (!consumer.privateKeyPem) throw new Error('SignedAgent: RSA-SHA1 needs privateKeyPem');
      const pem = consumer.privateKeyPem;
      return new OAuth({
        consumer: { key: consumer.key, secret: '' },
        signature_method: 'RSA-SHA1',
        hash_function: (base) => rsaSign('RSA-SHA1', Buffer.from(base, 'utf8'), pem).toString('base64'),
      });
    }
    if (consumer.secret === undefined) throw new Error(`SignedAgent: ${consumer.method} needs the shared secret`);
    return new OAuth({
      consumer: { key: consumer.key, secret: consumer.secret },
      signature_method: consumer.method,
      hash_function: consumer.method === 'PLAINTEXT' ? (_base, key) => key : (base, key) => createHmac('sha1', key).update(base).digest('base64'),
    });
  }
}

/** Sends a prepared request (fetch; redirects are not followed). */
export function send(prepared: PreparedRequest): Promise<Response> {
  return fetch(prepared.url, { ...prepared.init, redirect: 'manual' });
}

/** `signedAgent(baseUrl, consumer, token?)`: the usual way to build a {@link SignedAgent}. */
export function signedAgent(baseUrl: string, consumer: TestConsumerCredentials, token: TestTokenCredentials | null = null): SignedAgent {
  return new SignedAgent(baseUrl, consumer, token);
}
