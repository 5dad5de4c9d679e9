import passport from 'passport';

import {
  type OAuthConsumer,
  type OAuthEndpoint,
  OAuthError,
  type OAuthRequestInput,
  type OAuthStore,
  type OAuthTokenRecord,
  type VerifiedRequest,
  type VerifyRequestOptions,
  verifyRequest,
} from '@app/oauth1';

import { type RawCarrier, toOAuthRequestInput } from './oauth-request-input';
import { tokenNamedBy } from './token-named-by';

/** `done(err, user, info)`: passport's verify-callback contract, as passport-http-oauth's strategies use it. */
export type OAuthVerifyDone = (err: unknown, user?: unknown, info?: unknown) => void;
export type OAuthVerifyFunction = (verified: VerifiedRequest, done: OAuthVerifyDone) => void;
export type OAuthVerifyFunctionWithRequest = (request: unknown, verified: VerifiedRequest, done: OAuthVerifyDone) => void;

/** One verification's outcome, for diagnostics (the admin link check). */
export interface OAuthVerificationReport {
  endpoint: OAuthEndpoint;
  input: OAuthRequestInput;
  /** Set when the signature, token, timestamp and nonce checked out. */
  verified?: VerifiedRequest;
  /** Set when the request was refused (by the core, or afterwards when resolving the principal). */
  error?: OAuthError;
}

export interface OAuthPassportStrategyOptions {
  /** The endpoint this strategy verifies; `authenticate(req, { endpoint })` may override it per route. */
  endpoint: OAuthEndpoint;
  verifyOptions(endpoint: OAuthEndpoint): VerifyRequestOptions;
  store(endpoint: OAuthEndpoint): OAuthStore<OAuthConsumer, OAuthTokenRecord>;
  /** Called after a failure at a token endpoint with the `oauth_token` the request named, if any. */
  onTokenEndpointFailure?(endpoint: OAuthEndpoint, error: OAuthError, tokenValue: string | undefined, input: OAuthRequestInput): Promise<void>;
  passReqToCallback?: boolean;
  /** Called once per request with its outcome; must not throw (diagnostics only). */
  onOutcome?(report: OAuthVerificationReport): void;
}

type StrategyBase = passport.Strategy & passport.StrategyCreatedStatic;
const PassportStrategyBase = passport.Strategy as unknown as new () => StrategyBase;

/**
 * A passport strategy over the framework-free core (`verifyRequest`). It keeps passport-http-oauth's shape (a
 * strategy object, a verify callback answering `done(err, user, info)`, `fail(challenge, status)` on refusal) but
 * none of its verifier, which cannot do RSA-SHA1, 2-legged calls, strict parsing or replay protection.
 *
 * Refusals are reported as `fail(oauthError, status)`, so the guard can render the exact Problem Reporting answer;
 * infrastructure failures (the database) go to `error(err)`.
 */
export class OAuthPassportStrategy extends PassportStrategyBase {
  override name = 'oauth';

  constructor(
    private readonly options: OAuthPassportStrategyOptions,
    private readonly verify: OAuthVerifyFunction | OAuthVerifyFunctionWithRequest,
  ) {
    super();
  }

  override authenticate(request: RawCarrier, authenticateOptions?: { endpoint?: OAuthEndpoint }): void {
    const endpoint = authenticateOptions?.endpoint ?? this.options.endpoint;
    this.run(request, endpoint).catch((err: unknown) => this.error(err));
  }

  private async run(request: RawCarrier, endpoint: OAuthEndpoint): Promise<void> {
    const input = toOAuthRequestInput(request);
    const base = this.options.store(endpoint);
    let lookedUp: string | undefined;
    // At the token endpoints remember which token the request named, so a failed exchange can burn it.
    const store: OAuthStore<OAuthConsumer, OAuthTokenRecord> =
      endpoint === 'resource'
        ? base
        : {
            findConsumer: (key) => base.findConsumer(key),
            findToken: (key, token, kind) => {
              lookedUp = token;
              return base.findToken(key, token, kind);
            },
            rememberNonce: (nonce) => base.rememberNonce(nonce),
          };
    let verified: VerifiedRequest;
    try {
      verified = await verifyRequest(input, this.options.verifyOptions(endpoint), store);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      this.options.onOutcome?.({ endpoint, input, error: err });
      if (endpoint === 'access-token' && this.options.onTokenEndpointFailure) {
        await this.options.onTokenEndpointFailure(endpoint, err, lookedUp ?? tokenNamedBy(input), input);
      }
      this.fail(err, err.status);
      return;
    }
    const done: OAuthVerifyDone = (err, user, info) => {
      if (err instanceof OAuthError) {
        this.options.onOutcome?.({ endpoint, input, verified, error: err });
        return this.fail(err, err.status);
      }
      if (err) return this.error(err);
      if (!user) return this.fail(info instanceof OAuthError ? info : new OAuthError('permission_denied'), 401);
      this.options.onOutcome?.({ endpoint, input, verified });
      this.success(user as Express.User, info as object | undefined);
    };
    if (this.options.passReqToCallback) (this.verify as OAuthVerifyFunctionWithRequest)(request, verified, done);
    else (this.verify as OAuthVerifyFunction)(verified, done);
  }
}
