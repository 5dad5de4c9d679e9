/**
 * Renders an {@link OAuthError} per the OAuth Problem Reporting extension, the way Atlassian's provider does
 * (net.oauth `OAuthServlet.handleException`; checklist L1, atlassian-wire §6).
 */
import { type OAuthError } from './oauth-error';
import { percentEncode } from './percent-encoding';

/** A framework-neutral HTTP response. */
export interface ProblemResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** `application/x-www-form-urlencoded` body; empty for a bare challenge. */
  readonly body: string;
}

/** Quotes the realm as an RFC 7230 quoted-string (it is configuration, but never trust it to be quote-free). */
function quoteRealm(realm: string): string {
  return `"${realm.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]/g, '')}"`;
}

/** The ordered `[name, value]` list of problem parameters for an error. */
function problemParams(error: OAuthError): [string, string][] {
  const out: [string, string][] = [['oauth_problem', error.problem]];
  const x = error.extras;
  if (x.oauth_parameters_absent?.length) out.push(['oauth_parameters_absent', x.oauth_parameters_absent.join('&')]);
  if (x.oauth_parameters_rejected?.length) out.push(['oauth_parameters_rejected', x.oauth_parameters_rejected.join('&')]);
  if (x.oauth_acceptable_versions) out.push(['oauth_acceptable_versions', x.oauth_acceptable_versions]);
  if (x.oauth_acceptable_timestamps) out.push(['oauth_acceptable_timestamps', x.oauth_acceptable_timestamps]);
  if (x.oauth_problem_advice) out.push(['oauth_problem_advice', x.oauth_problem_advice]);
  return out;
}

/**
 * The bare challenge every 401 from a protected resource carries: `WWW-Authenticate: OAuth realm="<base>"`
 * (Atlassian `OAuthFilter`), with no body.
 */
export function renderBareChallenge(realm: string, status = 401): ProblemResponse {
  return { status, headers: { 'WWW-Authenticate': `OAuth realm=${quoteRealm(realm)}` }, body: '' };
}

/**
 * Renders `WWW-Authenticate: OAuth realm="…", oauth_problem="…", …` plus the same parameters as a form-encoded body.
 * Values are RFC 3986 percent-encoded (list extras are joined with `&` first, so `a&b` becomes `a%26b`). A 405 adds
 * `Allow: POST`; a `retryAfterSeconds` adds `Retry-After`. Errors flagged `challengeOnly` render the bare challenge.
 * Pure: no I/O, no logging.
 */
export function renderProblem(error: OAuthError, realm: string): ProblemResponse {
  const extraHeaders: Record<string, string> = {};
  if (error.status === 405) extraHeaders['Allow'] = 'POST';
  if (error.retryAfterSeconds !== undefined) extraHeaders['Retry-After'] = String(error.retryAfterSeconds);
  if (error.challengeOnly) {
    const bare = renderBareChallenge(realm, error.status);
    return { ...bare, headers: { ...bare.headers, ...extraHeaders } };
  }
  const params = problemParams(error);
  const header = params.map(([name, value]) => `${name}="${percentEncode(value)}"`).join(', ');
  const body = params.map(([name, value]) => `${name}=${percentEncode(value)}`).join('&');
  return {
    status: error.status,
    headers: {
      'WWW-Authenticate': `OAuth realm=${quoteRealm(realm)}, ${header}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      ...extraHeaders,
    },
    body,
  };
}
