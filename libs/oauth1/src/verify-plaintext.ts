/**
 * PLAINTEXT signatures (RFC 5849 §3.4.4).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { percentEncode } from './percent-encoding';

/** Per-process key so both sides of the comparison become equal-length digests (checklist S4). */
const COMPARE_KEY = randomBytes(32);

/** The PLAINTEXT signature value (decoded form): `enc(consumer secret) & enc(token secret)` (RFC 5849 §3.4.4). */
export function plaintextSignature(consumerSecret: string, tokenSecret: string): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

/**
 * Verifies a percent-decoded PLAINTEXT `oauth_signature`. The comparison is constant-time: both values are
 * reduced to HMAC-SHA256 digests under a random key and compared with `timingSafeEqual`, so neither length nor
 * content leaks (RFC 5849 §3.4.4 requires TLS for PLAINTEXT; the caller enforces that and the per-consumer opt-in).
 */
export function verifyPlaintext(signature: string, consumerSecret: string, tokenSecret: string): boolean {
  const expected = createHmac('sha256', COMPARE_KEY).update(plaintextSignature(consumerSecret, tokenSecret)).digest();
  const given = createHmac('sha256', COMPARE_KEY).update(signature).digest();
  return timingSafeEqual(expected, given);
}
