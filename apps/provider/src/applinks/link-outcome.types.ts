/** What the verifier reports about one OAuth request, as passed to LinkDiagnosticsService.recordOutcome. */
export interface LinkOutcomeInput {
  consumerKey: string;
  ok: boolean;
  /** `oauth_problem` of a refused request. */
  problem?: string;
  /** `oauth_problem_advice`, if the core gave one. */
  advice?: string;
  endpoint?: 'request-token' | 'access-token' | 'resource';
  signatureMethod?: string;
  /** Request path without the query (never the query: it may carry tokens). */
  path?: string;
  /** The configured public URLs the signature was checked against. */
  publicUrlTried?: readonly string[];
  /** How the request arrived: Host, X-Forwarded-Host and X-Forwarded-Proto (what a client behind a proxy signed). */
  requestHost?: string;
  forwardedHost?: string;
  forwardedProto?: string;
  /** `oauth_timestamp` minus the server clock, in seconds (positive: the consumer's clock is ahead). */
  timestampSkewSeconds?: number;
  /** After a signature_invalid: the URL the signature turned out to be valid for (a proven URL mismatch). */
  signatureValidFor?: string;
  /** 2-legged or 2-legged impersonation call. */
  mode?: '3-legged' | '2-legged' | '2-legged-impersonation';
  at?: Date;
}

/** Why a request failed, in words an admin can act on. */
export type LinkCauseCode =
  | 'public-url-mismatch'
  | 'clock-skew'
  | 'wrong-secret'
  | 'wrong-public-key'
  | 'token-invalid'
  | 'unknown-consumer'
  | 'consumer-disabled'
  | 'method-not-allowed'
  | 'permission-denied'
  | 'replay'
  | 'malformed-request'
  | 'other';

export interface LinkCause {
  code: LinkCauseCode;
  message: string;
}

/** One recorded outcome, as the link check shows it. */
export interface LinkOutcome {
  at: Date;
  ok: boolean;
  endpoint: string | null;
  path: string | null;
  signatureMethod: string | null;
  mode: string | null;
  problem: string | null;
  advice: string | null;
  timestampSkewSeconds: number | null;
  /** Diagnosed causes of a failure, most likely first (empty for successes). */
  causes: LinkCause[];
}

/** The link check of one consumer: counts over the buffer and the newest outcomes first. */
export interface LinkCheck {
  consumerKey: string;
  successes: number;
  failures: number;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  /** `ok` after a success newer than every failure; `failing` when the newest outcome failed; `unknown` without data. */
  status: 'ok' | 'failing' | 'unknown';
  outcomes: LinkOutcome[];
}
