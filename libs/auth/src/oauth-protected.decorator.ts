import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';

import { OAuthGuard } from './oauth.guard';
import { RouteAuth } from './route-auth.decorator';

export const OAUTH_SCOPE_KEY = 'applink:oauth-scope';

/** The OpenAPI security scheme name for OAuth 1.0a signed requests. */
export const OAUTH1_SECURITY_SCHEME = 'oauth1';

const PROBLEM_HEADERS = {
  'WWW-Authenticate': {
    description: 'OAuth realm="<public URL>", oauth_problem="…" (OAuth Problem Reporting)',
    schema: { type: 'string', example: 'OAuth realm="https://tools.example.com", oauth_problem="token_rejected"' },
  },
};

function problemContent(example: string) {
  return { 'application/x-www-form-urlencoded': { schema: { type: 'string', example } } };
}

/**
 * One decorator for an OAuth 1.0a protected controller or handler: the route-auth kind, the guard, the OpenAPI
 * security requirement and the documented problem answers (immich's `@Authenticated()` pattern).
 *
 * Tokens are granted with full ("read and write") access, as Atlassian's provider does, so `scope` is recorded as
 * metadata and in OpenAPI; it becomes enforceable when tokens carry scopes.
 */
export function OAuthProtected(scope?: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    RouteAuth('oauth'),
    SetMetadata(OAUTH_SCOPE_KEY, scope ?? null),
    UseGuards(OAuthGuard),
    ApiSecurity(OAUTH1_SECURITY_SCHEME, scope ? [scope] : []),
    ApiBadRequestResponse({
      description:
        'Malformed OAuth request: oauth_problem is parameter_absent, parameter_rejected, timestamp_refused, version_rejected or signature_method_rejected.',
      headers: PROBLEM_HEADERS,
      content: problemContent('oauth_problem=parameter_absent&oauth_parameters_absent=oauth_nonce'),
    }),
    ApiUnauthorizedResponse({
      description:
        'Not authenticated: oauth_problem is signature_invalid, nonce_used, consumer_key_unknown, consumer_key_rejected, token_rejected, token_revoked, token_expired or permission_denied.',
      headers: PROBLEM_HEADERS,
      content: problemContent('oauth_problem=token_rejected'),
    }),
  );
}
