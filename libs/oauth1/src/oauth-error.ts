/**
 * The one error type of the protocol core: an `oauth_problem` code from the OAuth Problem Reporting extension,
 * the HTTP status it maps to, and the optional extra parameters that go into `WWW-Authenticate` and the body.
 */

/** `oauth_problem` values (OAuth Problem Reporting extension; the set net.oauth and Atlassian emit). */
export type OAuthProblem =
  | 'version_rejected'
  | 'parameter_absent'
  | 'parameter_rejected'
  | 'timestamp_refused'
  | 'nonce_used'
  | 'signature_method_rejected'
  | 'signature_invalid'
  | 'consumer_key_unknown'
  | 'consumer_key_rejected'
  | 'consumer_key_refused'
  | 'token_used'
  | 'token_expired'
  | 'token_revoked'
  | 'token_rejected'
  | 'token_not_authorized'
  | 'additional_authorization_required'
  | 'permission_unknown'
  | 'permission_denied'
  | 'user_refused';

/** Extra Problem Reporting parameters. Lists are joined with `&` when rendered, as the extension specifies. */
export interface OAuthProblemExtras {
  readonly oauth_parameters_absent?: readonly string[];
  readonly oauth_parameters_rejected?: readonly string[];
  readonly oauth_acceptable_versions?: string;
  readonly oauth_acceptable_timestamps?: string;
  readonly oauth_problem_advice?: string;
}

/** Options that change how an {@link OAuthError} is reported. */
export interface OAuthErrorOptions {
  /** Explicit HTTP status (413, 415, 429, 431, 405, ...) where the checklist prescribes one other than the mapping. */
  readonly status?: number;
  /**
   * Render only the bare `WWW-Authenticate: OAuth realm="…"` challenge (no `oauth_problem`), as Atlassian's
   * `OAuthFilter` does for a request that carries no OAuth credentials at all.
   */
  readonly challengeOnly?: boolean;
  /** `Retry-After` seconds for 429/503. */
  readonly retryAfterSeconds?: number;
}

const STATUS_400: ReadonlySet<OAuthProblem> = new Set<OAuthProblem>([
  'version_rejected',
  'parameter_absent',
  'parameter_rejected',
  'timestamp_refused',
  'signature_method_rejected',
]);
const STATUS_401: ReadonlySet<OAuthProblem> = new Set<OAuthProblem>([
  'nonce_used',
  'token_used',
  'token_expired',
  'token_revoked',
  'token_rejected',
  'token_not_authorized',
  'signature_invalid',
  'consumer_key_unknown',
  'consumer_key_rejected',
  'additional_authorization_required',
  'permission_unknown',
  'permission_denied',
]);
const STATUS_503: ReadonlySet<OAuthProblem> = new Set<OAuthProblem>(['user_refused', 'consumer_key_refused']);

/**
 * HTTP status for a problem, following net.oauth `OAuth.Problems.TO_HTTP_CODE` (checklist §1.13), which is what
 * Atlassian consumers expect: 400 / 401 / 503 for the listed problems, 403 for anything else.
 */
export function statusForProblem(problem: OAuthProblem): number {
  if (STATUS_400.has(problem)) return 400;
  if (STATUS_401.has(problem)) return 401;
  if (STATUS_503.has(problem)) return 503;
  return 403;
}

/**
 * Thrown by every parser and verifier in this library for any problem with the request. Nothing else escapes
 * `verifyRequest` for attacker-controlled input (checklist L2: never a 500 on input).
 */
export class OAuthError extends Error {
  /** HTTP status: the explicit override, else the §1.13 mapping. */
  readonly status: number;
  /** When true, render only the realm challenge (see {@link OAuthErrorOptions.challengeOnly}). */
  readonly challengeOnly: boolean;
  /** `Retry-After` seconds, if any. */
  readonly retryAfterSeconds?: number;

  constructor(
    readonly problem: OAuthProblem,
    readonly extras: OAuthProblemExtras = {},
    options: OAuthErrorOptions = {},
  ) {
    super(extras.oauth_problem_advice ? `${problem}: ${extras.oauth_problem_advice}` : problem);
    this.name = 'OAuthError';
    this.status = options.status ?? statusForProblem(problem);
    this.challengeOnly = options.challengeOnly ?? false;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Shorthand for the most common syntax failure: 400 `parameter_rejected` naming the offending parameter(s). */
export function parameterRejected(names: readonly string[], advice?: string, status?: number): OAuthError {
  return new OAuthError(
    'parameter_rejected',
    advice === undefined ? { oauth_parameters_rejected: names } : { oauth_parameters_rejected: names, oauth_problem_advice: advice },
    status === undefined ? {} : { status },
  );
}
