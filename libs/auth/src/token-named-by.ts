import { isOAuthScheme, type OAuthRequestInput, parseAuthorizationHeader, parseFormEncoded, type Param } from '@app/oauth1';

const LIMITS = { maxParams: 200 };

function header(input: OAuthRequestInput, name: string): string | undefined {
  const value = input.headers[name];
  return typeof value === 'string' ? value : value?.length === 1 ? value[0] : undefined;
}

/**
 * Best-effort read of the single non-empty `oauth_token` a request names, for a request the core refused before it
 * looked the token up (e.g. `parameter_absent` for a missing verifier). Used only to burn that request token; any
 * ambiguity (none, several, unparsable) yields undefined.
 */
export function tokenNamedBy(input: OAuthRequestInput): string | undefined {
  try {
    const found = new Set<string>();
    const add = (params: readonly Param[]) => {
      for (const [name, value] of params) if (name === 'oauth_token' && value) found.add(value);
    };
    const authorization = header(input, 'authorization');
    if (authorization !== undefined && isOAuthScheme(authorization)) add(parseAuthorizationHeader(authorization).params);
    const q = input.target.indexOf('?');
    if (q !== -1) add(parseFormEncoded(input.target.slice(q + 1), LIMITS));
    const contentType = header(input, 'content-type')?.toLowerCase() ?? '';
    if (input.body && contentType.startsWith('application/x-www-form-urlencoded')) add(parseFormEncoded(input.body.toString('latin1'), LIMITS));
    return found.size === 1 ? [...found][0] : undefined;
  } catch {
    return undefined;
  }
}
