/**
 * Size limits applied before any parsing work (checklist T8, RFC 5849 §4.10). Exceeding one fails loudly; nothing
 * is ever truncated, because truncation would silently change the signed parameter set.
 */

/** The limits used by `verifyRequest`. */
export interface OAuthLimits {
  /** Maximum `Authorization` header length (431 beyond). */
  readonly maxHeaderBytes: number;
  /** Maximum request-target length (414 beyond). */
  readonly maxTargetBytes: number;
  /** Maximum body size at the token endpoints (413 beyond). */
  readonly maxTokenEndpointBodyBytes: number;
  /** Maximum form-body size at resources (413 beyond). */
  readonly maxResourceFormBodyBytes: number;
  /** Maximum number of parameters across query, header and body (400 `parameter_rejected` beyond). */
  readonly maxParams: number;
  /** Maximum decoded length of any `oauth_*` value (an 8192-bit RSA signature is 1368 characters). */
  readonly maxProtocolValueLength: number;
}

/** Defaults from the checklist: 8 KiB header, 16 KiB token bodies, 1 MiB resource forms, 200 parameters. */
export const DEFAULT_LIMITS: OAuthLimits = {
  maxHeaderBytes: 8 * 1024,
  maxTargetBytes: 8 * 1024,
  maxTokenEndpointBodyBytes: 16 * 1024,
  maxResourceFormBodyBytes: 1024 * 1024,
  maxParams: 200,
  maxProtocolValueLength: 2048,
};
