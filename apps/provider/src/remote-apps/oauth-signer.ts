import { type KeyObject, randomBytes, sign } from 'node:crypto';

import { baseStringUri, normalizeParameters, type Param, percentDecode, percentEncode, signatureBaseString } from '@app/oauth1';

/** What to sign: one request as it will be sent. */
export interface SignInput {
  method: string;
  /** The absolute URL the request goes to, query included (the query is signed, RFC 5849 §3.4.1.3.1). */
  url: string;
  consumerKey: string;
  privateKey: KeyObject;
  /**
   * The token: a value for 3-legged calls; `''` for Atlassian's 2-legged calls (`oauth_token=""` must be present,
   * atlassian-wire.md §4); `undefined` for the request-token call, which has none.
   */
  token?: string;
  /** Extra protocol parameters: `oauth_callback`, `oauth_verifier`. */
  oauth?: Record<string, string>;
  /** Form-body parameters (signed, RFC 5849 §3.4.1.3.1). */
  form?: readonly Param[];
  /** Fixed values for tests. */
  timestamp?: number;
  nonce?: string;
}

export interface SignedRequest {
  /** Every `oauth_*` parameter, `oauth_signature` included, in a fixed order. */
  oauthParams: Param[];
  /** `Authorization: OAuth …` without realm, the way Atlassian sends it (`getAuthorizationHeader(null)`). */
  authorization: string;
  baseString: string;
}

/** Decodes a raw query string (`a=1&b=x%20y`) into parameters; `+` is a space, as for forms. */
export function parseQuery(rawQuery: string): Param[] {
  if (rawQuery === '') return [];
  return rawQuery.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    return [percentDecode(name, { plusAsSpace: true }), percentDecode(value, { plusAsSpace: true })] as Param;
  });
}

/** Encodes parameters as a query string or form body with the RFC 5849 §3.6 encoder (round-trips exactly). */
export function encodeParams(params: readonly Param[]): string {
  return params.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
}

/**
 * Signs a request with RSA-SHA1 (RFC 5849 §3.4.3): the base string is built with the protocol core's own
 * functions, from the URL's query, the form body and the protocol parameters, over the URL exactly as called.
 * RSA-SHA1 is what Atlassian accepts from a consumer registered with a public key (atlassian-wire.md §1.1).
 */
export function signRsaSha1(input: SignInput): SignedRequest {
  const q = input.url.indexOf('?');
  const queryParams = q === -1 ? [] : parseQuery(input.url.slice(q + 1).split('#')[0]!);
  const oauthParams: Param[] = [
    ['oauth_consumer_key', input.consumerKey],
    ...(input.token !== undefined ? [['oauth_token', input.token] as Param] : []),
    ['oauth_signature_method', 'RSA-SHA1'],
    ['oauth_timestamp', String(input.timestamp ?? Math.floor(Date.now() / 1000))],
    // 128 bits of randomness: RFC 5849 §3.3 only asks for uniqueness per timestamp, consumer and token.
    ['oauth_nonce', input.nonce ?? randomBytes(16).toString('hex')],
    ['oauth_version', '1.0'],
    ...Object.entries(input.oauth ?? {}).map(([name, value]) => [name, value] as Param),
  ];
  const normalized = normalizeParameters([...queryParams, ...(input.form ?? []), ...oauthParams]);
  const baseString = signatureBaseString(input.method, baseStringUri(input.url), normalized);
  const signature = sign('RSA-SHA1', Buffer.from(baseString, 'utf8'), input.privateKey).toString('base64');
  oauthParams.push(['oauth_signature', signature]);
  const authorization = `OAuth ${oauthParams.map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`).join(', ')}`;
  return { oauthParams, authorization, baseString };
}
