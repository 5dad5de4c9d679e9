/**
 * Syntax checks on the protocol (`oauth_*`) parameters: allow-list, duplicates, degenerate values, required
 * parameters per endpoint and the version (checklist P2, P4, P5, P6, P10).
 */
import { charCodeAt } from './char-code';
import { type OAuthLimits } from './limits';
import { OAuthError, parameterRejected } from './oauth-error';
import { type Param } from './params';
import { type OAuthEndpoint } from './read-request';

/**
 * The accepted `oauth_*` names (checklist P6). `oauth_session_handle` is the ScalableOAuth renewal parameter
 * Atlassian's provider accepts at the access-token endpoint. Anything else is rejected (RFC 5849 §3.2: 400).
 */
export const PROTOCOL_PARAMETER_NAMES: ReadonlySet<string> = new Set([
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_signature',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_version',
  'oauth_callback',
  'oauth_verifier',
  'oauth_body_hash',
  'oauth_session_handle',
]);

/** The protocol parameters of one request, decoded. `undefined` means absent; `''` means present but empty. */
export interface OAuthProtocolParams {
  readonly consumerKey: string;
  /** `undefined` when absent; `''` marks a 2-legged request (checklist P8). */
  readonly token: string | undefined;
  readonly signatureMethod: string;
  readonly signature: string;
  readonly timestamp: string;
  readonly nonce: string;
  readonly version: string | undefined;
  readonly callback: string | undefined;
  readonly verifier: string | undefined;
  readonly bodyHash: string | undefined;
  readonly sessionHandle: string | undefined;
}

/** Slot of each accepted name in the per-request value array (avoids a Map per request on the hot path). */
const SLOT: ReadonlyMap<string, number> = new Map([...PROTOCOL_PARAMETER_NAMES].map((name, i) => [name, i]));
const CONSUMER_KEY = SLOT.get('oauth_consumer_key')!;
const TOKEN = SLOT.get('oauth_token')!;
const SIGNATURE_METHOD = SLOT.get('oauth_signature_method')!;
const SIGNATURE = SLOT.get('oauth_signature')!;
const TIMESTAMP = SLOT.get('oauth_timestamp')!;
const NONCE = SLOT.get('oauth_nonce')!;
const VERSION = SLOT.get('oauth_version')!;
const CALLBACK = SLOT.get('oauth_callback')!;
const VERIFIER = SLOT.get('oauth_verifier')!;
const BODY_HASH = SLOT.get('oauth_body_hash')!;
const SESSION_HANDLE = SLOT.get('oauth_session_handle')!;
const ALWAYS_REQUIRED = ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature', 'oauth_timestamp', 'oauth_nonce'] as const;

const CONTROL = /[\x00-\x1f\x7f]/;

/** A loop for short values, one native regex scan for long ones (signatures: up to 1368 characters). */
function hasControlCharacter(value: string, length: number): boolean {
  if (length > 32) return CONTROL.test(value);
  for (let i = 0; i < length; i++) {
    const c = charCodeAt.call(value, i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * Checks names, duplicates and values, then the required set for the endpoint, then the version, and returns the
 * typed parameters. Required everywhere (checklist P4, decision D3: timestamp and nonce even for PLAINTEXT): consumer
 * key, signature method, signature, timestamp, nonce. Request-token: `oauth_callback`. Access-token: a non-empty
 * `oauth_token` and `oauth_verifier` (or `oauth_session_handle` for renewal). Missing ones are reported together in
 * 400 `parameter_absent`.
 */
export function checkProtocolParams(params: readonly Param[], endpoint: OAuthEndpoint, limits: OAuthLimits): OAuthProtocolParams {
  const v: (string | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined];
  for (const [name, value] of params) {
    const slot = SLOT.get(name);
    if (slot === undefined) throw parameterRejected([name], 'unknown OAuth protocol parameter');
    // RFC 5849 §3.1: each parameter MUST NOT appear more than once per request; §3.2: SHOULD answer 400 (F1, P2).
    if (v[slot] !== undefined) throw parameterRejected([name], 'OAuth protocol parameter appears more than once');
    const length = value.length;
    if (length > limits.maxProtocolValueLength) throw parameterRejected([name], 'value too long');
    // Control characters (and NUL) in protocol values only serve to confuse logs and lookups (checklist P10).
    if (hasControlCharacter(value, length)) throw parameterRejected([name], 'control character in OAuth parameter');
    v[slot] = value;
  }
  const token = v[TOKEN];
  const verifier = v[VERIFIER];
  const sessionHandle = v[SESSION_HANDLE];
  const callback = v[CALLBACK];
  const missingRequired = v[CONSUMER_KEY] === undefined || v[SIGNATURE_METHOD] === undefined || v[SIGNATURE] === undefined || v[TIMESTAMP] === undefined || v[NONCE] === undefined;
  if (missingRequired || endpoint !== 'resource') {
    const absent: string[] = missingRequired ? ALWAYS_REQUIRED.filter((name) => v[SLOT.get(name)!] === undefined) : [];
    if (endpoint === 'request-token' && callback === undefined) absent.push('oauth_callback');
    if (endpoint === 'access-token') {
      if (!token) absent.push('oauth_token');
      if (verifier === undefined && sessionHandle === undefined) absent.push('oauth_verifier');
    }
    if (absent.length > 0) throw new OAuthError('parameter_absent', { oauth_parameters_absent: absent });
  }

  const version = v[VERSION];
  // RFC 5849 §3.1: if present, the value MUST be "1.0" (checklist P5; "1.0a" is not a protocol version).
  if (version !== undefined && version !== '1.0') throw new OAuthError('version_rejected', { oauth_acceptable_versions: '1.0-1.0' });

  if (endpoint === 'request-token' && token) throw parameterRejected(['oauth_token'], 'no token is used at the request-token endpoint');
  if (endpoint === 'access-token' && verifier !== undefined && sessionHandle !== undefined) {
    throw parameterRejected(['oauth_session_handle'], 'send either oauth_verifier or oauth_session_handle');
  }
  return {
    consumerKey: v[CONSUMER_KEY]!,
    token,
    signatureMethod: v[SIGNATURE_METHOD]!,
    signature: v[SIGNATURE]!,
    timestamp: v[TIMESTAMP]!,
    nonce: v[NONCE]!,
    version,
    callback,
    verifier,
    bodyHash: v[BODY_HASH],
    sessionHandle,
  };
}
