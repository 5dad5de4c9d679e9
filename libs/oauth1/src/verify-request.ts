/**
 * `verifyRequest`: the whole provider-side check of one OAuth 1.0a request, in the fixed order of checklist §1.12
 * (sizes → syntax → duplicates → required → version → timestamp → lookups → crypto → decide → nonce).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { DEFAULT_LIMITS, type OAuthLimits } from './limits';
import { OAuthError, parameterRejected } from './oauth-error';
import { type OAuthConsumer, type OAuthStore, type OAuthTokenRecord, SIGNATURE_METHODS, type SignatureMethod, type TokenKind } from './oauth-store';
import { nonOAuth, type Param, type ParamLocation, requestorIdOf } from './params';
import { checkProtocolParams } from './protocol-params';
import { type OAuthEndpoint, type OAuthRequestInput, type ReadRequest, readRequest } from './read-request';
import { baseStringBytes, encodeParameters } from './base-string-bytes';
import { publicUrlSet } from './public-urls';
import { normalizeParameters, type PublicUrl, requestBaseStringUri, signatureBaseString } from './signature-base-string';
import { checkNonce, checkTimestamp, isPrintableIdentifier } from './timestamp-and-nonce';
import { verifyHmacSha1Data } from './verify-hmac-sha1';
import { verifyPlaintext } from './verify-plaintext';
import { DUMMY_RSA_PUBLIC_KEY, rsaModulusBytes, verifyRsaSha1Data } from './verify-rsa-sha1';

/** What the diagnostics hook receives when a signature does not verify. Never contains secrets. */
export interface SignatureMismatchDiagnostics {
  /** The base string computed for each public URL (empty for PLAINTEXT). */
  readonly baseStrings: readonly string[];
  /** The configured public URLs, in the same order. */
  readonly publicUrls: readonly string[];
  readonly consumerKey: string;
  readonly method: SignatureMethod;
}

/** Options of {@link verifyRequest}. */
export interface VerifyRequestOptions {
  /** Which endpoint this is: decides required parameters, the token kind and the secret used (checklist S9). */
  readonly endpoint: OAuthEndpoint;
  /**
   * The service's public URL(s), e.g. `https://tools.corp/applink`. The base-string URI is built from these, never
   * from `Host`/`X-Forwarded-*` (checklist T2). A signature valid for any one is accepted.
   */
  readonly publicUrls: readonly string[];
  /** Accepted clock skew in seconds, both directions (checklist N2; 300 is the usual value). */
  readonly timestampSkewSeconds: number;
  /** Current time in seconds (default: the system clock). */
  readonly now?: () => number;
  /** Development mode: allows PLAINTEXT over plain http. */
  readonly developmentMode?: boolean;
  /** Size limits; defaults to {@link DEFAULT_LIMITS}. */
  readonly limits?: OAuthLimits;
  /** Called (before the error is thrown) when the signature does not verify, so the app can log at debug level. */
  readonly onSignatureMismatch?: (diagnostics: SignatureMismatchDiagnostics) => void;
}

/** A request whose signature, token, timestamp and nonce all checked out. */
export interface VerifiedRequest<TConsumer extends OAuthConsumer = OAuthConsumer, TToken extends OAuthTokenRecord = OAuthTokenRecord> {
  readonly consumer: TConsumer;
  /** The token record, or `null` for request-token calls and 2-legged requests. */
  readonly token: TToken | null;
  /** Resource request with absent or empty `oauth_token` (already allowed by the consumer's 2LO flags). */
  readonly twoLegged: boolean;
  readonly signatureMethod: SignatureMethod;
  /** Where the `oauth_*` parameters came from. */
  readonly location: ParamLocation;
  /** The `oauth_*` parameters without `oauth_signature` (safe to log apart from the values the app redacts). */
  readonly protocolParams: readonly Param[];
  /** Non-`oauth_*` query parameters, decoded, in wire order. */
  readonly queryParams: readonly Param[];
  /** Non-`oauth_*` form-body parameters, decoded, in wire order. */
  readonly formParams: readonly Param[];
  /** `xoauth_requestor_id` of a 2-legged impersonation request (Atlassian 2LOi). */
  readonly requestorId?: string;
  readonly callback?: string;
  readonly verifier?: string;
  readonly sessionHandle?: string;
  /** `oauth_timestamp` in seconds and the decoded nonce. */
  readonly timestamp: number;
  readonly nonce: string;
  /** The configured public URL whose base string verified (the first one for PLAINTEXT). */
  readonly publicUrl: string;
}

/** Random stand-ins for unknown consumers and tokens, so the crypto runs either way (checklist C4). */
const DUMMY_SECRET = randomBytes(24).toString('base64url');
const DUMMY_TOKEN_SECRET = randomBytes(24).toString('base64url');
const EXPECTED_TOKEN_KIND: Record<OAuthEndpoint, TokenKind | null> = { 'request-token': null, 'access-token': 'request', resource: 'access' };

function isSignatureMethod(value: string): value is SignatureMethod {
  return (SIGNATURE_METHODS as readonly string[]).includes(value);
}

/**
 * Verifies one request. Resolves a {@link VerifiedRequest} or rejects with an {@link OAuthError}; store failures
 * propagate unchanged. Policy kept in the core: per-consumer signature methods, empty-secret refusal, PLAINTEXT only
 * over https, token ownership/kind/state, 2LO and impersonation flags. Policy left to the app: callback validation,
 * verifier checks and single use of request tokens, scopes, user state, rate limits.
 *
 * Uniform failure path (oauthlib style, checklist C4): an unknown consumer or token is replaced by a random dummy
 * secret/key and the signature is still computed; the outcome is decided only at the end.
 */
export async function verifyRequest<TConsumer extends OAuthConsumer = OAuthConsumer, TToken extends OAuthTokenRecord = OAuthTokenRecord>(
  input: OAuthRequestInput,
  options: VerifyRequestOptions,
  store: OAuthStore<TConsumer, TToken>,
): Promise<VerifiedRequest<TConsumer, TToken>> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const { endpoint } = options;
  const req = readRequest(input, endpoint, limits);
  const p = checkProtocolParams(req.protocolParams, endpoint, limits);
  const nowSeconds = options.now ? options.now() : Date.now() / 1000;
  const timestamp = checkTimestamp(p.timestamp, nowSeconds, options.timestampSkewSeconds);
  checkNonce(p.nonce);
  if (!isSignatureMethod(p.signatureMethod)) {
    throw new OAuthError('signature_method_rejected', { oauth_problem_advice: 'supported: HMAC-SHA1, RSA-SHA1, PLAINTEXT' });
  }
  const method = p.signatureMethod;
  if (p.bodyHash !== undefined && req.formBody) throw parameterRejected(['oauth_body_hash'], 'oauth_body_hash is not used with form bodies');
  const twoLegged = endpoint === 'resource' && !p.token;
  const requestorId = requestorIdOf(req.queryParams, req.formParams);
  const urls = publicUrlSet(options.publicUrls);

  // Lookups. The token is looked up even when the consumer is unknown, so both paths touch the store alike. The two
  // lookups are independent: both are started before either is awaited, so a database store answers them in one
  // round-trip of latency (two plain awaits are cheaper than Promise.all for stores that answer at once).
  const consumerKeyValid = isPrintableIdentifier(p.consumerKey);
  const expectedKind = endpoint === 'access-token' && p.verifier === undefined ? 'access' : EXPECTED_TOKEN_KIND[endpoint];
  const tokenValue = p.token ? p.token : undefined;
  const consumerLookup = consumerKeyValid ? store.findConsumer(p.consumerKey) : null;
  const tokenLookup = tokenValue !== undefined && expectedKind !== null && isPrintableIdentifier(tokenValue) ? store.findToken(p.consumerKey, tokenValue, expectedKind) : null;
  // A token-lookup failure while the consumer lookup is awaited is re-thrown by its own await below (or dropped when
  // the consumer lookup fails first); it must not surface as an unhandled rejection in between.
  tokenLookup?.catch(ignore);
  const consumer = consumerLookup === null ? null : await consumerLookup;
  const tokenRecord = tokenLookup === null ? null : await tokenLookup;
  const tokenUsable = tokenRecord !== null && consumer !== null && tokenRecord.consumerKey === consumer.key && tokenRecord.kind === expectedKind;

  // Crypto, always run (with dummies where needed).
  const consumerSecret = consumer?.secret ? consumer.secret : DUMMY_SECRET;
  const tokenSecret = tokenValue === undefined ? '' : tokenUsable ? tokenRecord.secret : DUMMY_TOKEN_SECRET;
  let matched = -1;
  if (method === 'PLAINTEXT') {
    if (verifyPlaintext(p.signature, consumerSecret, tokenSecret)) matched = 0;
  } else {
    // The base string is written as bytes, once per public URL, and handed to the crypto at once (base-string-bytes.ts).
    const params = encodeParameters(req.queryParams, req.formParams, req.location === 'header' ? req.protocolParams : NO_PARAMS);
    const rsaKey = consumer?.rsaPublicKey && rsaModulusBytes(consumer.rsaPublicKey) !== null ? consumer.rsaPublicKey : DUMMY_RSA_PUBLIC_KEY;
    for (let i = 0; i < urls.parsed.length; i++) {
      const base = baseStringBytes(req.method, urls.encodedUriPrefixes[i]!, req.rawPath, params);
      const ok = method === 'HMAC-SHA1' ? verifyHmacSha1Data(base, p.signature, consumerSecret, tokenSecret) : verifyRsaSha1Data(base, p.signature, rsaKey);
      if (ok && matched === -1) matched = i;
    }
  }
  const bodyHashOk = p.bodyHash === undefined || checkBodyHash(p.bodyHash, input.body);

  // Decide.
  if (consumer === null) throw new OAuthError('consumer_key_unknown');
  if (!consumer.enabled) throw new OAuthError('consumer_key_rejected');
  if (!consumer.signatureMethods.includes(method)) {
    // Checklist S1: an RSA-only consumer has no secret, so HMAC with key "&" would be computable by anyone.
    throw new OAuthError('signature_method_rejected', { oauth_problem_advice: `this consumer accepts ${consumer.signatureMethods.join(', ') || 'no method'}` });
  }
  if (method === 'RSA-SHA1' ? !consumer.rsaPublicKey || rsaModulusBytes(consumer.rsaPublicKey) === null : !consumer.secret) {
    // Checklist S2: an empty shared secret (or a missing/unusable key) must never verify.
    throw new OAuthError('signature_method_rejected', { oauth_problem_advice: 'no usable credentials are registered for this method' });
  }
  if (method === 'PLAINTEXT' && !options.developmentMode && !urls.allSecure) {
    // RFC 5849 §3.4.4: PLAINTEXT MUST only be used over TLS (checklist S3).
    throw new OAuthError('signature_method_rejected', { oauth_problem_advice: 'PLAINTEXT requires https' });
  }
  if (tokenValue !== undefined && expectedKind !== null && !tokenUsable) throw new OAuthError('token_rejected');
  if (matched === -1 || !bodyHashOk) {
    if (matched === -1 && options.onSignatureMismatch) {
      const baseStrings = method === 'PLAINTEXT' ? [] : diagnosticBaseStrings(req, urls.parsed);
      options.onSignatureMismatch({ baseStrings, publicUrls: options.publicUrls, consumerKey: consumer.key, method });
    }
    throw new OAuthError('signature_invalid');
  }
  // Token state is reported only to callers who proved they hold the token secret.
  if (tokenRecord !== null && tokenUsable) {
    if (tokenRecord.revoked) throw new OAuthError('token_revoked');
    const expires = tokenRecord.expiresAt instanceof Date ? tokenRecord.expiresAt.getTime() : tokenRecord.expiresAt;
    if (expires !== undefined && expires <= nowSeconds * 1000) throw new OAuthError('token_expired');
  }
  const impersonating = twoLegged && requestorId !== undefined;
  if (twoLegged && !(impersonating ? consumer.allowImpersonation === true : consumer.allowTwoLegged)) {
    throw new OAuthError('permission_denied', { oauth_problem_advice: impersonating ? 'impersonation is not enabled for this consumer' : '2-legged OAuth is not enabled for this consumer' });
  }

  // Nonce last: only authenticated requests may consume nonce storage (checklist F6, N4).
  const fresh = await store.rememberNonce({ consumerKey: consumer.key, token: tokenValue ?? '', timestamp, nonce: p.nonce });
  if (!fresh) throw new OAuthError('nonce_used');

  const result: Mutable<VerifiedRequest<TConsumer, TToken>> = {
    consumer,
    token: tokenUsable ? tokenRecord : null,
    twoLegged,
    signatureMethod: method,
    location: req.location,
    protocolParams: req.protocolParams.filter(([name]) => name !== 'oauth_signature'),
    queryParams: nonOAuth(req.queryParams),
    formParams: nonOAuth(req.formParams),
    timestamp,
    nonce: p.nonce,
    publicUrl: options.publicUrls[matched]!,
  };
  if (impersonating) result.requestorId = requestorId;
  if (p.callback !== undefined) result.callback = p.callback;
  if (p.verifier !== undefined) result.verifier = p.verifier;
  if (p.sessionHandle !== undefined) result.sessionHandle = p.sessionHandle;
  return result;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const ignore = (): void => undefined;
const NO_PARAMS: readonly Param[] = [];

/** The base strings of every public URL, built by the reference (string) functions: only for the debug hook. */
function diagnosticBaseStrings(req: ReadRequest, urls: readonly PublicUrl[]): string[] {
  const signed = req.queryParams.concat(req.formParams, req.location === 'header' ? req.protocolParams : []).filter(([name]) => name !== 'oauth_signature');
  const normalized = normalizeParameters(signed);
  return urls.map((u) => signatureBaseString(req.method, requestBaseStringUri(u, req.rawPath), normalized));
}

/** `oauth_body_hash` = base64(SHA-1(raw body)) for non-form bodies (OAuth Request Body Hash; checklist S10). */
function checkBodyHash(bodyHash: string, body: Buffer | undefined): boolean {
  const expected = Buffer.from(createHash('sha1').update(body ?? Buffer.alloc(0)).digest('base64'), 'latin1');
  const given = Buffer.from(bodyHash, 'latin1');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
