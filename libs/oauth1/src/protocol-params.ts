/**
 * Syntax checks on the protocol (`oauth_*`) parameters: allow-list, duplicates, degenerate values, required
 * parameters per endpoint and the version (checklist P2, P4, P5, P6, P10).
 */
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

const ALWAYS_REQUIRED = ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature', 'oauth_timestamp', 'oauth_nonce'] as const;

/**
 * Checks names, duplicates and values, then the required set for the endpoint, then the version, and returns the
 * typed parameters. Required everywhere (checklist P4, decision D3: timestamp and nonce even for PLAINTEXT): consumer
 * key, signature method, signature, timestamp, nonce. Request-token: `oauth_callback`. Access-token: a non-empty
 * `oauth_token` and `oauth_verifier` (or `oauth_session_handle` for renewal). Missing ones are reported together in
 * 400 `parameter_absent`.
 */
export function checkProtocolParams(params: readonly Param[], endpoint: OAuthEndpoint, limits: OAuthLimits): OAuthProtocolParams {
  const byName = new Map<string, string>();
  for (const [name, value] of params) {
    if (!PROTOCOL_PARAMETER_NAMES.has(name)) throw parameterRejected([name], 'unknown OAuth protocol parameter');
    // RFC 5849 §3.1: each parameter MUST NOT appear more than once per request; §3.2: SHOULD answer 400 (F1, P2).
    if (byName.has(name)) throw parameterRejected([name], 'OAuth protocol parameter appears more than once');
    if (value.length > limits.maxProtocolValueLength) throw parameterRejected([name], 'value too long');
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      // Control characters (and NUL) in protocol values only serve to confuse logs and lookups (checklist P10).
      if (c < 0x20 || c === 0x7f) throw parameterRejected([name], 'control character in OAuth parameter');
    }
    byName.set(name, value);
  }
  const absent: string[] = ALWAYS_REQUIRED.filter((name) => !byName.has(name));
  if (endpoint === 'request-token' && !byName.has('oauth_callback')) absent.push('oauth_callback');
  if (endpoint === 'access-token') {
    if (!byName.get('oauth_token')) absent.push('oauth_token');
    if (!byName.has('oauth_verifier') && !byName.has('oauth_session_handle')) absent.push('oauth_verifier');
  }
  if (absent.length > 0) throw new OAuthError('parameter_absent', { oauth_parameters_absent: absent });

  const version = byName.get('oauth_version');
  // RFC 5849 §3.1: if present, the value MUST be "1.0" (checklist P5; "1.0a" is not a protocol version).
  if (version !== undefined && version !== '1.0') throw new OAuthError('version_rejected', { oauth_acceptable_versions: '1.0-1.0' });

  const token = byName.get('oauth_token');
  if (endpoint === 'request-token' && token) throw parameterRejected(['oauth_token'], 'no token is used at the request-token endpoint');
  if (endpoint === 'access-token' && byName.has('oauth_verifier') && byName.has('oauth_session_handle')) {
    throw parameterRejected(['oauth_session_handle'], 'send either oauth_verifier or oauth_session_handle');
  }
  return {
    consumerKey: byName.get('oauth_consumer_key')!,
    token,
    signatureMethod: byName.get('oauth_signature_method')!,
    signature: byName.get('oauth_signature')!,
    timestamp: byName.get('oauth_timestamp')!,
    nonce: byName.get('oauth_nonce')!,
    version,
    callback: byName.get('oauth_callback'),
    verifier: byName.get('oauth_verifier'),
    bodyHash: byName.get('oauth_body_hash'),
    sessionHandle: byName.get('oauth_session_handle'),
  };
}
