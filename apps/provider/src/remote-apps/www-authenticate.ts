/**
 * Reads an `OAuth` challenge (`WWW-Authenticate: OAuth realm="…", oauth_problem="token_expired"`), leniently: the
 * remote is not ours, so unknown parameters and unquoted values are tolerated (net.oauth's decodeAuthorization).
 * Returns null when the header is absent or uses another scheme.
 */
export function parseOAuthChallenge(header: string | null): Record<string, string> | null {
  if (!header) return null;
  const match = /(?:^|,\s*)OAuth(?:\s+|$)(.*)$/i.exec(header);
  if (!match) return null;
  const params: Record<string, string> = {};
  const item = /([A-Za-z0-9_.~%-]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))\s*(?:,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = item.exec(match[1]!)) !== null) {
    params[safeDecode(m[1]!)] = safeDecode(m[2] ?? m[3] ?? '');
  }
  return params;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The problems after which Atlassian drops the stored token and asks the user to authenticate again. */
export const REAUTHORIZE_PROBLEMS: ReadonlySet<string> = new Set(['token_expired', 'token_rejected', 'token_revoked']);
