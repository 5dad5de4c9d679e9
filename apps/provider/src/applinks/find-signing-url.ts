import { type OAuthEndpoint, OAuthError, type OAuthRequestInput, type OAuthStore, parsePublicUrl, verifyRequest } from '@app/oauth1';

/** Problems the core reports only after the signature verified: their presence proves the signature was right. */
const AFTER_SIGNATURE: ReadonlySet<string> = new Set(['token_revoked', 'token_expired', 'permission_denied', 'nonce_used']);
/** Timestamps are not what this check is about (and the original request may be old by now). */
const ANY_TIME = 100 * 365 * 86_400;
const MAX_CANDIDATES = 4;

function header(input: OAuthRequestInput, name: string): string | undefined {
  const value = input.headers[name];
  const first = typeof value === 'string' ? value : value?.[0];
  return first?.split(',')[0]?.trim() || undefined;
}

/** The URLs the client may have signed instead: the forwarded origin and the Host header, with each configured prefix. */
export function candidateUrls(input: OAuthRequestInput, configured: readonly string[]): string[] {
  const parsed = configured.map((url) => parsePublicUrl(url));
  const origins = new Set<string>();
  const forwardedHost = header(input, 'x-forwarded-host');
  const forwardedProto = header(input, 'x-forwarded-proto');
  if (forwardedHost) origins.add(`${forwardedProto === 'https' ? 'https' : 'http'}://${forwardedHost}`);
  const host = header(input, 'host');
  if (host) for (const scheme of ['http', 'https']) origins.add(`${scheme}://${host}`);
  const out = new Set<string>();
  for (const origin of origins) {
    for (const prefix of ['', ...parsed.map((p) => p.prefix)]) {
      try {
        const candidate = parsePublicUrl(origin + prefix);
        if (!parsed.some((p) => p.origin === candidate.origin && p.prefix === candidate.prefix)) out.add(candidate.origin + candidate.prefix);
      } catch {
        // Not a usable URL (a hostile Host header): skip it.
      }
    }
  }
  return [...out].slice(0, MAX_CANDIDATES);
}

/**
 * After a `signature_invalid`: the URL the signature is valid for, if it is one the request arrived under (the
 * forwarded origin or the Host header). Proves a public URL / proxy mismatch (atlassian-wire.md §8) instead of
 * guessing. Runs the core again over a read-only view of the store, so no nonce is spent.
 */
export async function findSigningUrl(input: OAuthRequestInput, endpoint: OAuthEndpoint, configured: readonly string[], store: OAuthStore): Promise<string | null> {
  const readOnly: OAuthStore = {
    findConsumer: (key) => store.findConsumer(key),
    findToken: (key, token, kind) => store.findToken(key, token, kind),
    rememberNonce: async () => true,
  };
  for (const candidate of candidateUrls(input, configured)) {
    try {
      await verifyRequest(input, { endpoint, publicUrls: [candidate], timestampSkewSeconds: ANY_TIME }, readOnly);
      return candidate;
    } catch (error) {
      if (error instanceof OAuthError && AFTER_SIGNATURE.has(error.problem)) return candidate;
    }
  }
  return null;
}
