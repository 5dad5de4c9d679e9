import { ConfigError } from './config-error';

/**
 * Normalizes a public URL as OAuth clients see the service: absolute http(s), no credentials, query or fragment,
 * no trailing slash. Signatures are verified against these URLs only (RFC 5849 §3.4.1.2), never against `Host`.
 */
export function parsePublicUrl(variable: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(variable, `is not an absolute URL: "${raw}" (expected e.g. https://tools.example.com)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(variable, 'must use http or https');
  if (url.username || url.password) throw new ConfigError(variable, 'must not contain user credentials');
  if (url.search || url.hash || raw.includes('?') || raw.includes('#')) {
    throw new ConfigError(variable, 'must not contain a query string or fragment');
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Reads the canonical public URL and the comma-separated aliases into one de-duplicated list. */
export function parsePublicUrls(primary: string, aliases: string | undefined): string[] {
  const list = [parsePublicUrl('PUBLIC_URL', primary)];
  for (const alias of (aliases ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const parsed = parsePublicUrl('PUBLIC_URL_ALIASES', alias);
    if (!list.includes(parsed)) list.push(parsed);
  }
  return list;
}
