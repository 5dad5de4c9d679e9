/**
 * Timestamp and nonce syntax and the timestamp window (RFC 5849 §3.3; checklist N1–N3).
 */
import { charCodeAt } from './char-code';
import { OAuthError, parameterRejected } from './oauth-error';

const TIMESTAMP = /^[1-9][0-9]{0,11}$/;

/**
 * Parses `oauth_timestamp` (positive decimal seconds, no sign, spaces, decimals or leading zeros: checklist N1) and
 * checks |now − ts| ≤ skew in **both** directions (N2; Authlib's past-only check leaves future-dated requests
 * replayable once old nonces are purged). Outside the window: 400 `timestamp_refused` with
 * `oauth_acceptable_timestamps=min-max`.
 */
export function checkTimestamp(raw: string, nowSeconds: number, skewSeconds: number): number {
  if (!TIMESTAMP.test(raw)) throw parameterRejected(['oauth_timestamp'], 'oauth_timestamp must be a positive integer number of seconds');
  const ts = Number(raw);
  const now = Math.floor(nowSeconds);
  if (Math.abs(now - ts) > skewSeconds) {
    throw new OAuthError('timestamp_refused', { oauth_acceptable_timestamps: `${now - skewSeconds}-${now + skewSeconds}` });
  }
  return ts;
}

/**
 * Checks the decoded `oauth_nonce`: 1–128 printable ASCII characters (0x21–0x7E). Loose enough for the RFC
 * examples and UUIDs, tight enough to bound storage (checklist N3). Otherwise 400 `parameter_rejected`.
 */
export function checkNonce(nonce: string): void {
  const length = nonce.length;
  if (length < 1 || length > 128) throw parameterRejected(['oauth_nonce'], 'oauth_nonce must be 1-128 printable ASCII characters');
  for (let i = 0; i < length; i++) {
    const c = charCodeAt.call(nonce, i);
    if (c < 0x21 || c > 0x7e) throw parameterRejected(['oauth_nonce'], 'oauth_nonce must be 1-128 printable ASCII characters');
  }
}

/** True for 1–255 printable ASCII characters: the shape of consumer keys and tokens (checklist C2). */
export function isPrintableIdentifier(value: string): boolean {
  const length = value.length;
  if (length < 1 || length > 255) return false;
  for (let i = 0; i < length; i++) {
    const c = charCodeAt.call(value, i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}
