/**
 * Minimal OAuth 1.0a signing for the benchmark (RFC 5849 §3.4: HMAC-SHA1 and RSA-SHA1, parameters in the
 * Authorization header). Independent of the service's core, like a real client.
 */
import { createHmac, createPrivateKey, type KeyObject, randomBytes, sign } from 'node:crypto';

export interface BenchCredentials {
  consumerKey: string;
  method: 'HMAC-SHA1' | 'RSA-SHA1';
  consumerSecret?: string;
  privateKeyPem?: string;
  token: string;
  tokenSecret: string;
}

export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Signs one request: `extra` are additional protocol parameters (oauth_callback, oauth_verifier). */
export class Signer {
  private readonly privateKey: KeyObject | null;

  constructor(private readonly credentials: BenchCredentials) {
    this.privateKey = credentials.privateKeyPem ? createPrivateKey(credentials.privateKeyPem) : null;
  }

  authorization(method: string, publicUrl: string, path: string, extra: Array<[string, string]> = [], token = this.credentials): string {
    const protocol: Array<[string, string]> = [
      ['oauth_consumer_key', this.credentials.consumerKey],
      ['oauth_nonce', randomBytes(16).toString('base64url')],
      ['oauth_signature_method', this.credentials.method],
      ['oauth_timestamp', String(Math.floor(Date.now() / 1000))],
      ['oauth_version', '1.0'],
      ...extra,
    ];
    if (token.token) protocol.push(['oauth_token', token.token]);
    const [pathname, query = ''] = path.split(/\?(.*)/s, 2) as [string, string?];
    const queryPairs = query
      .split('&')
      .filter(Boolean)
      .map((p): [string, string] => {
        const i = p.indexOf('=');
        const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
        return i === -1 ? [decode(p), ''] : [decode(p.slice(0, i)), decode(p.slice(i + 1))];
      });
    const normalized = [...queryPairs, ...protocol]
      .map(([n, v]) => [rfc3986(n), rfc3986(v)] as const)
      .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
      .map(([n, v]) => `${n}=${v}`)
      .join('&');
    const base = `${method}&${rfc3986(publicUrl + pathname)}&${rfc3986(normalized)}`;
    const signature = this.privateKey
      ? sign('RSA-SHA1', Buffer.from(base), this.privateKey).toString('base64')
      : createHmac('sha1', `${rfc3986(this.credentials.consumerSecret ?? '')}&${rfc3986(token.tokenSecret)}`).update(base).digest('base64');
    return `OAuth ${[...protocol, ['oauth_signature', signature]].map(([n, v]) => `${n}="${rfc3986(v!)}"`).join(', ')}`;
  }
}

/** Parses a form-encoded token answer. */
export function parseForm(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}
