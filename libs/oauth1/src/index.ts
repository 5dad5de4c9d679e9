/**
 * Framework-free OAuth 1.0a (RFC 5849) provider core. See README.md.
 */
export { DEFAULT_LIMITS, type OAuthLimits } from './limits';
export { InMemoryOAuthStore } from './in-memory-oauth-store';
export { OAuthError, type OAuthErrorOptions, type OAuthProblem, type OAuthProblemExtras, statusForProblem } from './oauth-error';
export {
  type NonceRecord,
  type OAuthConsumer,
  type OAuthStore,
  type OAuthTokenRecord,
  SIGNATURE_METHODS,
  type SignatureMethod,
  type TokenKind,
} from './oauth-store';
export { type Param, type ParamLocation } from './params';
export { isOAuthScheme, parseAuthorizationHeader, type ParsedAuthorizationHeader } from './parse-authorization-header';
export { parseFormEncoded } from './parse-form-encoded';
export { percentDecode, percentEncode, type PercentDecodeOptions } from './percent-encoding';
export { type OAuthProtocolParams, PROTOCOL_PARAMETER_NAMES } from './protocol-params';
export { MAX_PUBLIC_KEY_INPUT, parsePublicKey, type ParsedPublicKey, type ParsePublicKeyOptions } from './public-key/parse-public-key';
export { PublicKeyError, type PublicKeyErrorReason } from './public-key/public-key-error';
export { type OAuthEndpoint, type OAuthRequestInput, type RawHeaders } from './read-request';
export { type ProblemResponse, renderBareChallenge, renderProblem } from './render-problem';
export {
  baseStringUri,
  normalizeParameters,
  parsePublicUrl,
  type PublicUrl,
  requestBaseStringUri,
  signatureBaseString,
} from './signature-base-string';
export { hmacSha1Signature, verifyHmacSha1 } from './verify-hmac-sha1';
export { plaintextSignature, verifyPlaintext } from './verify-plaintext';
export { verifyRsaSha1 } from './verify-rsa-sha1';
export { type SignatureMismatchDiagnostics, type VerifiedRequest, verifyRequest, type VerifyRequestOptions } from './verify-request';
