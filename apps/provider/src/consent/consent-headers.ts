/**
 * Headers of the consent page and its answers (checklist A4, RFC 5849 §4.14 and §4.13): never framed, never
 * cached, no Referer carrying `oauth_token` to other sites, no scripts at all. `form-action` must also name the
 * callback's origin because browsers apply it to the redirect that follows the form submission.
 */
export function consentHeaders(callback?: string): Record<string, string> {
  const formAction = ["'self'"];
  const target = callback ? cspSource(callback) : null;
  if (target) formAction.push(target);
  return {
    'content-security-policy': [
      "default-src 'none'",
      "style-src 'self'",
      "img-src 'self'",
      `form-action ${formAction.join(' ')}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
    pragma: 'no-cache',
    'referrer-policy': 'no-referrer',
  };
}

/** `https://bitbucket.example.com:7990` for web callbacks, `myapp:` for a registered custom scheme, else null. */
function cspSource(callback: string): string | null {
  if (callback === 'oob') return null;
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    return null;
  }
  const source = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
  // A CSP source list is split on spaces and `;`: only emit what cannot break out of the directive.
  return /^[a-z][a-z0-9+.-]*:(\/\/[A-Za-z0-9.\-[\]:]+)?$/.test(source) ? source : null;
}
