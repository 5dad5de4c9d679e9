/**
 * The configured public URLs, parsed once per options object instead of once per request.
 */
import { percentEncode } from './percent-encoding';
import { parsePublicUrl, type PublicUrl } from './signature-base-string';

/** The public URLs of one `VerifyRequestOptions.publicUrls` array, with what the hot path needs precomputed. */
export interface PublicUrlSet {
  /** The configured strings, as given (also used to detect a mutated array). */
  readonly urls: readonly string[];
  readonly parsed: readonly PublicUrl[];
  /** `percentEncode(origin + prefix)` for each URL: the constant start of the encoded base-string URI. */
  readonly encodedUriPrefixes: readonly string[];
  /** True when every URL is https (PLAINTEXT needs TLS, RFC 5849 §3.4.4). */
  readonly allSecure: boolean;
}

const cache = new WeakMap<readonly string[], PublicUrlSet>();

function sameUrls(set: PublicUrlSet, urls: readonly string[]): boolean {
  if (set.urls.length !== urls.length) return false;
  for (let i = 0; i < urls.length; i++) if (set.urls[i] !== urls[i]) return false;
  return true;
}

/**
 * The parsed set for a `publicUrls` array, cached by array identity (the options object is built once at start-up).
 * The cached entry is checked against the array's current contents, so mutating the array is still honoured.
 * Throws `TypeError` for an invalid URL or an empty list, as configuration errors.
 */
export function publicUrlSet(urls: readonly string[]): PublicUrlSet {
  const cached = cache.get(urls);
  if (cached !== undefined && sameUrls(cached, urls)) return cached;
  const parsed = urls.map(parsePublicUrl);
  if (parsed.length === 0) throw new TypeError('verifyRequest: at least one public URL is required');
  const set: PublicUrlSet = {
    urls: [...urls],
    parsed,
    encodedUriPrefixes: parsed.map((u) => percentEncode(u.origin + u.prefix)),
    allSecure: parsed.every((u) => u.secure),
  };
  cache.set(urls, set);
  return set;
}
