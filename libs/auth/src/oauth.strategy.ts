import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';

import type { VerifiedRequest } from '@app/oauth1';

import { OAuthBackend } from './oauth-backend';
import { OAUTH_VERIFIED_PROPERTY, type OAuthPrincipal } from './oauth-principal';
import { OAuthPassportStrategy } from './passport-oauth.strategy';

/** Passport names of the two strategies. */
export const OAUTH_RESOURCE_STRATEGY = 'oauth';
export const OAUTH_TOKEN_STRATEGY = 'oauth-token';

/**
 * Protected resources: a consumer plus an access token (3-legged), or a consumer alone where it may make
 * 2-legged calls (with or without impersonation). The result is the route's {@link OAuthPrincipal}.
 */
@Injectable()
export class OAuthStrategy extends PassportStrategy(OAuthPassportStrategy, OAUTH_RESOURCE_STRATEGY) {
  constructor(private readonly backend: OAuthBackend) {
    super({
      endpoint: 'resource',
      verifyOptions: (e) => backend.verifyOptions(e),
      store: (e) => backend.store(e),
      passReqToCallback: true,
      onOutcome: (report) => backend.onVerificationOutcome(report),
    });
  }

  async validate(request: unknown, verified: VerifiedRequest): Promise<OAuthPrincipal> {
    // Handlers read the signed query/form parameters from here (`@VerifiedOAuthRequest()`), never re-parsed ones.
    (request as Record<string, unknown>)[OAUTH_VERIFIED_PROPERTY] = verified;
    return this.backend.resolvePrincipal(verified, request);
  }
}

/**
 * The request-token and access-token endpoints: the consumer's signature, with no token (request-token) or with the
 * request token / access token being exchanged or renewed (access-token). The result is the verified request itself;
 * the endpoint's service decides what to issue.
 */
@Injectable()
export class OAuthTokenStrategy extends PassportStrategy(OAuthPassportStrategy, OAUTH_TOKEN_STRATEGY) {
  constructor(backend: OAuthBackend) {
    super({
      endpoint: 'request-token',
      verifyOptions: (e) => backend.verifyOptions(e),
      store: (e) => backend.store(e),
      onTokenEndpointFailure: (endpoint, error, token, input) => backend.onTokenEndpointFailure(endpoint, error, token, input),
      onOutcome: (report) => backend.onVerificationOutcome(report),
    });
  }

  validate(verified: VerifiedRequest): VerifiedRequest {
    return verified;
  }
}
