import { type ExecutionContext, HttpException, Injectable, Logger, SetMetadata, ServiceUnavailableException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';

import { OAuthError, type OAuthEndpoint } from '@app/oauth1';

import { OAUTH_PRINCIPAL_PROPERTY, OAUTH_VERIFIED_PROPERTY } from './oauth-principal';
import { OAUTH_RESOURCE_STRATEGY, OAUTH_TOKEN_STRATEGY } from './oauth.strategy';

const logger = new Logger('OAuthGuard');

/**
 * Turns passport's outcome into either the result or a thrown `OAuthError` for {@link OAuthExceptionFilter}. Anything
 * else failed in the infrastructure (the database), not in the request: 503, so clients retry, with no detail.
 */
function outcome<T>(err: unknown, result: T | false | null | undefined, info: unknown): T {
  if (err instanceof OAuthError || err instanceof HttpException) throw err;
  if (err) {
    logger.error(`OAuth verification failed in the infrastructure: ${(err as Error)?.message ?? String(err)}`);
    throw new ServiceUnavailableException('The service cannot verify requests right now; try again shortly.');
  }
  if (result) return result;
  // passport-http-oauth answered a bare 401 here; we keep the exact problem the core found.
  throw info instanceof OAuthError ? info : new OAuthError('permission_denied');
}

/**
 * Verifies an OAuth 1.0a protected-resource request and stores the principal on the request. Idempotent per request:
 * the global default-deny guard and `@OAuthProtected()` may both run it, but the request is verified (and its nonce
 * spent) once.
 */
@Injectable()
export class OAuthGuard extends AuthGuard(OAUTH_RESOURCE_STRATEGY) {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Record<string, unknown>>();
    if (request[OAUTH_PRINCIPAL_PROPERTY]) return true;
    return (await super.canActivate(context)) as boolean;
  }

  override getAuthenticateOptions(): { property: string; session: false } {
    return { property: OAUTH_PRINCIPAL_PROPERTY, session: false };
  }

  override handleRequest<T>(err: unknown, principal: T | false, info: unknown): T {
    return outcome(err, principal, info);
  }
}

export const OAUTH_TOKEN_ENDPOINT_KEY = 'applink:oauth-token-endpoint';

/** Marks a handler as the request-token or access-token endpoint (read by {@link OAuthTokenGuard}). */
export const OAuthTokenEndpoint = (endpoint: Exclude<OAuthEndpoint, 'resource'>) => SetMetadata(OAUTH_TOKEN_ENDPOINT_KEY, endpoint);

/** Verifies a token-endpoint request; the handler reads the verified request with `@VerifiedOAuthRequest()`. */
@Injectable()
export class OAuthTokenGuard extends AuthGuard(OAUTH_TOKEN_STRATEGY) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override getAuthenticateOptions(context: ExecutionContext): { property: string; session: false; endpoint: OAuthEndpoint } {
    const endpoint = this.reflector.get<OAuthEndpoint | undefined>(OAUTH_TOKEN_ENDPOINT_KEY, context.getHandler());
    if (!endpoint) throw new Error('OAuthTokenGuard needs @OAuthTokenEndpoint() on the handler');
    return { property: OAUTH_VERIFIED_PROPERTY, session: false, endpoint };
  }

  override handleRequest<T>(err: unknown, verified: T | false, info: unknown): T {
    return outcome(err, verified, info);
  }
}
