import { BadRequestException, createParamDecorator, type ExecutionContext, ValidationPipe } from '@nestjs/common';

import { OAUTH_VERIFIED_PROPERTY } from '@app/auth';
import type { Param, VerifiedRequest } from '@app/oauth1';

/**
 * Signed but protocol-level: Atlassian's 2LO impersonation parameter names the principal, it is not application input;
 * so is the legacy `user_id` when a 2-legged call uses it in place of `xoauth_requestor_id`.
 */
function protocolExtensionParams(verified: VerifiedRequest): ReadonlySet<string> {
  return new Set(verified.twoLegged && verified.requestorId === undefined ? ['xoauth_requestor_id', 'user_id'] : ['xoauth_requestor_id']);
}

const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

interface CarrierRequest {
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  [OAUTH_VERIFIED_PROPERTY]?: VerifiedRequest;
}

/** The request's verified parameters, or a programming error when the route is not OAuth-protected. */
export function verifiedRequestOf(request: CarrierRequest): VerifiedRequest {
  const verified = request[OAUTH_VERIFIED_PROPERTY];
  if (!verified) throw new Error('signed parameters read on a route without @OAuthProtected()');
  return verified;
}

/**
 * Pairs → object for DTO validation. A repeated name is refused rather than collapsed (the first or last value
 * would be a choice the signer did not make); `oauth_*` were already removed by the core.
 */
export function paramsToObject(params: readonly Param[], skip: ReadonlySet<string> = new Set()): Record<string, string> {
  const result: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of params) {
    if (skip.has(name)) continue;
    if (Object.hasOwn(result, name)) throw new BadRequestException(`parameter "${name}" appears more than once`);
    result[name] = value;
  }
  return { ...result };
}

const validation = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, validateCustomDecorators: true });

/**
 * The query parameters exactly as the OAuth signature covered them (RFC 5849 §3.4.1.3.1), validated as the DTO of
 * the parameter's type. Framework-parsed `@Query()` would also see `oauth_*` and `xoauth_requestor_id` and could
 * decode differently from what was verified.
 */
export const SignedQuery = () =>
  createParamDecorator((_: unknown, context: ExecutionContext) => {
    const verified = verifiedRequestOf(context.switchToHttp().getRequest<CarrierRequest>());
    return paramsToObject(verified.queryParams, protocolExtensionParams(verified));
  })(undefined, validation);

/**
 * The request body validated as the DTO of the parameter's type: a form body from the signed parameters (form
 * bodies are part of the signature, RFC 5849 §3.4.1.3.1), a JSON body as parsed (JSON is not signed, so the
 * signature proves who sent it, not what it says).
 */
export const SignedBody = () =>
  createParamDecorator((_: unknown, context: ExecutionContext) => {
    const request = context.switchToHttp().getRequest<CarrierRequest>();
    const contentType = request.headers['content-type'];
    if (typeof contentType === 'string' && FORM_CONTENT_TYPE.test(contentType)) {
      const verified = verifiedRequestOf(request);
      return paramsToObject(verified.formParams, protocolExtensionParams(verified));
    }
    return request.body ?? {};
  })(undefined, validation);
