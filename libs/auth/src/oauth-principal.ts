import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import type { VerifiedRequest } from '@app/oauth1';

import type { UserEntity } from '../../../apps/provider/src/accounts/user.entity';
import type { ConsumerEntity } from '../../../apps/provider/src/consumers/consumer.entity';

/**
 * How a protected call was authorized:
 * - `3-legged`: an access token a user granted to the consumer;
 * - `2-legged`: the consumer alone (empty or absent `oauth_token`), running as its configured user or anonymously;
 * - `2-legged-impersonation`: the consumer alone, acting as the user named by `xoauth_requestor_id` (Atlassian 2LOi).
 */
export type OAuthMode = '3-legged' | '2-legged' | '2-legged-impersonation';

/** The caller of an OAuth-protected route, as `@OAuthPrincipal()` hands it to the handler. */
export interface OAuthPrincipal {
  /** The user the call acts for; null for an anonymous 2-legged call. */
  readonly user: UserEntity | null;
  readonly consumer: ConsumerEntity;
  /** The access token (3-legged only). */
  readonly token: { readonly id: number } | null;
  readonly mode: OAuthMode;
}

/** Where the guards keep their results on the request object. */
export const OAUTH_PRINCIPAL_PROPERTY = 'oauthPrincipal';
export const OAUTH_VERIFIED_PROPERTY = 'oauthVerified';

/**
 * The caller of an `@OAuthProtected()` route: `handler(@OAuthPrincipal() principal: OAuthPrincipal, …)`.
 * (The interface and the decorator share the name, as a class would.)
 */
export const OAuthPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): OAuthPrincipal => {
  const principal = context.switchToHttp().getRequest<Record<string, unknown>>()[OAUTH_PRINCIPAL_PROPERTY] as OAuthPrincipal | undefined;
  // Only reachable on a route that is not OAuth-protected: a programming error, not a client one.
  if (!principal) throw new Error('@OAuthPrincipal() used on a route without OAuth protection');
  return principal;
});

/**
 * The verified request (`VerifiedRequest` from the core: signed query/form parameters, method, location) on a token
 * endpoint (OAuthTokenGuard) or an OAuth-protected resource.
 */
export const VerifiedOAuthRequest = createParamDecorator((_data: unknown, context: ExecutionContext): VerifiedRequest => {
  const verified = context.switchToHttp().getRequest<Record<string, unknown>>()[OAUTH_VERIFIED_PROPERTY] as VerifiedRequest | undefined;
  if (!verified) throw new Error('@VerifiedOAuthRequest() used on a route without OAuth verification');
  return verified;
});
