import { createHmac } from 'node:crypto';

/**
 * The parts of net.oauth that Atlassian's consumer uses on the wire, written independently of the provider's core:
 * percent-encoding, form encoding and decoding, the RFC 5849 base string and HMAC-SHA1, and decoding of
 * `WWW-Authenticate: OAuth …` challenges.
 */

/** RFC 3986 percent-encoding of UTF-8 (RFC 5849 §3.6; net.oauth `OAuth.percentEncode`). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `application/x-www-form-urlencoded` decoding (`+` is a space), as net.oauth `OAuth.decodeForm` does. */
export function decodeForm(text: string): [string, string][] {
  const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  return text
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq === -1 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))];
    });
}

export function formEncode(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
}

/** RFC 5849 §3.4.1: method, base string URI (no query, default port dropped), normalized parameters. */
export function signatureBaseString(method: string, url: string, params: readonly (readonly [string, string])[]): string {
  const parsed = new URL(url);
  const defaultPort = (parsed.protocol === 'http:' && parsed.port === '80') || (parsed.protocol === 'https:' && parsed.port === '443') || parsed.port === '';
  const baseUri = `${parsed.protocol}//${parsed.hostname.toLowerCase()}${defaultPort ? '' : `:${parsed.port}`}${parsed.pathname}`;
  const all = [...decodeForm(parsed.search.slice(1)), ...params.filter(([name]) => name !== 'oauth_signature' && name !== 'realm')];
  const encoded = all.map(([name, value]) => [percentEncode(name), percentEncode(value)] as const);
  encoded.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const normalized = encoded.map(([name, value]) => `${name}=${value}`).join('&');
  return [method.toUpperCase(), percentEncode(baseUri), percentEncode(normalized)].join('&');
}

/** RFC 5849 §3.4.2: HMAC-SHA1 keyed with `consumerSecret&tokenSecret`. */
export function hmacSha1(baseString: string, consumerSecret: string, tokenSecret: string): string {
  return createHmac('sha1', `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`).update(baseString).digest('base64');
}

/** net.oauth `OAuthMessage.decodeAuthorization`: scheme, then `name="value"` pairs split on commas, percent-decoded. */
export function decodeAuthorization(header: string | null): { scheme: string; params: Map<string, string> } | null {
  if (header === null) return null;
  const match = /^\s*(\w*)\s+(.*)$/s.exec(header);
  if (!match) return null;
  const params = new Map<string, string>();
  for (const pair of match[2].split(/\s*,\s*/)) {
    const nvp = /^(\S*)\s*=\s*"([^"]*)"$/.exec(pair);
    if (nvp) params.set(decodeURIComponent(nvp[1].replace(/\+/g, ' ')), decodeURIComponent(nvp[2].replace(/\+/g, ' ')));
  }
  return { scheme: match[1], params };
}
