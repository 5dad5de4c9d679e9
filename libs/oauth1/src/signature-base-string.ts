/**
 * Signature base string construction (RFC 5849 §3.4.1).
 */
import { type Param } from './params';
import { percentEncode } from './percent-encoding';

/**
 * Normalizes request parameters (RFC 5849 §3.4.1.3.2): every name and value is percent-encoded (§3.6), the pairs
 * are sorted by encoded name, then encoded value, in byte order, joined with `=` and `&`. The caller passes the
 * parameters already filtered (header `realm` and `oauth_signature` removed, §3.4.1.3.1).
 * Encoded strings are pure ASCII, so JavaScript's UTF-16 comparison is byte order (vector E04), not locale order.
 */
export function normalizeParameters(params: readonly Param[]): string {
  const encoded = new Array<[string, string]>(params.length);
  for (let i = 0; i < params.length; i++) {
    const [name, value] = params[i]!;
    encoded[i] = [percentEncode(name), percentEncode(value)];
  }
  encoded.sort(comparePairs);
  let out = '';
  for (let i = 0; i < encoded.length; i++) {
    const [name, value] = encoded[i]!;
    out += i === 0 ? `${name}=${value}` : `&${name}=${value}`;
  }
  return out;
}

function comparePairs(a: readonly [string, string], b: readonly [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/**
 * Builds the base string: `METHOD&enc(base string URI)&enc(normalized parameters)` (RFC 5849 §3.4.1.1).
 * The method is the wire method, upper-cased (custom methods are allowed, vector E12).
 */
export function signatureBaseString(method: string, baseUri: string, normalizedParams: string): string {
  return `${method.toUpperCase()}&${percentEncode(baseUri)}&${percentEncode(normalizedParams)}`;
}

/** A configured public URL, split once into the parts the base-string URI needs. */
export interface PublicUrl {
  /** The configured URL as given. */
  readonly url: string;
  /** `scheme://host[:port]`: scheme and host lower-cased, default port dropped (RFC 5849 §3.4.1.2). */
  readonly origin: string;
  /** Path prefix without trailing slash (`/applink`), or `''`. */
  readonly prefix: string;
  /** True for `https:`. */
  readonly secure: boolean;
}

const publicUrlCache = new Map<string, PublicUrl>();

/**
 * Parses a configured public URL (`https://tools.corp/applink`). Throws `TypeError` for anything but an absolute
 * http(s) URL without credentials, query or fragment: this is configuration, validated at start-up.
 * Results are memoized (the set of configured URLs is small and fixed).
 */
export function parsePublicUrl(url: string): PublicUrl {
  const cached = publicUrlCache.get(url);
  if (cached) return cached;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError(`public URL must be http(s): ${url}`);
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    throw new TypeError(`public URL must not carry credentials, a query or a fragment: ${url}`);
  }
  // WHATWG URL lower-cases scheme and host and drops the scheme's default port, exactly as §3.4.1.2 requires.
  const prefix = parsed.pathname.endsWith('/') ? parsed.pathname.slice(0, -1) : parsed.pathname;
  const result: PublicUrl = { url, origin: `${parsed.protocol}//${parsed.host}`, prefix, secure: parsed.protocol === 'https:' };
  if (publicUrlCache.size < 256) publicUrlCache.set(url, result);
  return result;
}

/**
 * The base-string URI for a request (RFC 5849 §3.4.1.2): the public URL's origin, its path prefix, then the raw
 * request path exactly as received on the wire (no decoding, no dot-segment removal: checklist T4, vector E14).
 * The origin comes from configuration, never from `Host` or `X-Forwarded-*` (checklist T2). A reverse proxy that
 * publishes the service under a prefix is expected to strip that prefix before forwarding.
 */
export function requestBaseStringUri(publicUrl: PublicUrl, rawPath: string): string {
  return publicUrl.origin + publicUrl.prefix + rawPath;
}

/**
 * The base-string URI of an absolute URL (RFC 5849 §3.4.1.2): scheme and host lower-cased, default port dropped,
 * an empty path becomes `/`, the path keeps its wire encoding, query and fragment are dropped.
 */
export function baseStringUri(absoluteUrl: string): string {
  const schemeEnd = absoluteUrl.indexOf('://');
  if (schemeEnd === -1) throw new TypeError(`not an absolute URL: ${absoluteUrl}`);
  const afterAuthority = absoluteUrl.slice(schemeEnd + 3).search(/[/?#]/);
  const pathStart = afterAuthority === -1 ? absoluteUrl.length : schemeEnd + 3 + afterAuthority;
  const rest = absoluteUrl.slice(pathStart);
  const pathEnd = rest.search(/[?#]/);
  const rawPath = pathEnd === -1 ? rest : rest.slice(0, pathEnd);
  const origin = parsePublicUrl(absoluteUrl.slice(0, pathStart)).origin;
  return origin + (rawPath.length === 0 ? '/' : rawPath);
}
