import type { OAuthConsumer, OAuthEndpoint, OAuthError, OAuthRequestInput, OAuthStore, OAuthTokenRecord, VerifiedRequest, VerifyRequestOptions } from '@app/oauth1';

import type { OAuthPrincipal } from './oauth-principal';
import type { OAuthVerificationReport } from './passport-oauth.strategy';

/**
 * What the Nest glue needs from the application: the store and verification options per endpoint, how a verified
 * resource request becomes a principal, and what to do when a token-endpoint request fails. The app provides an
 * implementation under this class token (libs never reach into app modules for these).
 */
export abstract class OAuthBackend {
  /** The core's options for an endpoint (public URLs, skew, diagnostics hook). */
  abstract verifyOptions(endpoint: OAuthEndpoint): VerifyRequestOptions;

  /** The store for an endpoint (the access-token endpoint may present tokens differently, e.g. for renewal). */
  abstract store(endpoint: OAuthEndpoint): OAuthStore<OAuthConsumer, OAuthTokenRecord>;

  /** Turns a verified resource request into the principal; throws `OAuthError` to refuse (e.g. `permission_denied`). */
  abstract resolvePrincipal(verified: VerifiedRequest, request: unknown): Promise<OAuthPrincipal>;

  /**
   * Called when a token-endpoint request fails, with the `oauth_token` the request named (if one could be read):
   * the app burns the request token (checklist H2: any failed exchange voids it).
   */
  abstract onTokenEndpointFailure(endpoint: OAuthEndpoint, error: OAuthError, tokenValue: string | undefined, input: OAuthRequestInput): Promise<void>;

  /** Called with every verification's outcome (success or problem) for diagnostics; the default ignores it. */
  onVerificationOutcome(_report: OAuthVerificationReport): void {}
}
