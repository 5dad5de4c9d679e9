import { percentEncode } from '@app/oauth1';

export const MAX_CALLBACK_LENGTH = 2048;

/** Why a callback was refused (for `oauth_problem_advice`; never echoes the value). */
export type CallbackRejection = string;

interface SplitUrl {
  scheme: string;
  host: string;
  port: string;
  path: string;
}

/** Strict percent-decoding of a path: malformed escapes or invalid UTF-8 make it unusable. */
function decodePath(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * Splits an absolute URL, refusing what makes a redirect ambiguous: userinfo (`legit.com@evil.com`), fragments,
 * backslashes (browsers read `\` as `/`), whitespace/control characters, and dot segments in the decoded path
 * (`%2e%2e` climbs out of the registered prefix once a browser normalizes it).
 */
function split(value: string): SplitUrl | string {
  if (/[\s\\\u0000-\u001f\u007f]/.test(value)) return 'contains whitespace, control characters or backslashes';
  if (value.includes('#')) return 'has a fragment';
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?]*)([^?]*)(\?.*)?$/.exec(value);
  if (!match) return 'is not an absolute URL';
  const [, scheme, authority, rawPath] = match;
  if (authority!.includes('@')) return 'has userinfo';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL';
  }
  if (!url.hostname) return 'has no host';
  const path = decodePath(rawPath || '/');
  if (path === null) return 'has a malformed path encoding';
  if (path.includes('\\') || path.split('/').some((segment) => segment === '..' || segment === '.')) return 'has dot segments';
  return { scheme: scheme!.toLowerCase(), host: url.hostname.toLowerCase(), port: url.port, path };
}

/**
 * Checks an `oauth_callback` against the consumer's registered callback (checklist R1, R2): `oob` exactly, or an
 * absolute URL with the same scheme, host and port and a path equal to the registered one or below it on a segment
 * boundary, compared on decoded paths. A consumer without a registered callback may only use `oob`. Returns null
 * when acceptable, else the reason.
 */
export function checkCallback(callback: string, registered: string | null): CallbackRejection | null {
  // RFC 5849 §2.1: "oob" (case sensitive) means out-of-band.
  if (callback === 'oob') return null;
  if (callback.length > MAX_CALLBACK_LENGTH) return `is longer than ${MAX_CALLBACK_LENGTH} characters`;
  if (!registered) return 'is not allowed: this consumer has no registered callback, so only "oob" is accepted';
  const given = split(callback);
  if (typeof given === 'string') return given;
  const base = split(registered);
  if (typeof base === 'string') return 'cannot be checked: the registered callback is invalid';
  if (!['http', 'https'].includes(given.scheme) && given.scheme !== base.scheme) return 'must use http or https';
  if (given.scheme !== base.scheme || given.host !== base.host || given.port !== base.port) return 'does not match the registered callback (scheme, host and port)';
  const prefix = base.path.endsWith('/') ? base.path : `${base.path}/`;
  if (given.path !== base.path && !given.path.startsWith(prefix)) return 'does not match the registered callback path';
  return null;
}

/**
 * Appends parameters to a callback, keeping its existing query (RFC 5849 §2.2 MUST; Bitbucket's callback carries
 * one): `?` or `&`, each name and value RFC 3986-encoded.
 */
export function appendToCallback(callback: string, params: readonly (readonly [string, string])[]): string {
  const query = params.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
  const separator = callback.includes('?') ? (callback.endsWith('?') || callback.endsWith('&') ? '' : '&') : '?';
  return `${callback}${separator}${query}`;
}

/** The host (with port) a consent page shows for a callback; null for `oob`. */
export function callbackHost(callback: string): string | null {
  if (callback === 'oob') return null;
  try {
    return new URL(callback).host;
  } catch {
    return null;
  }
}
