/**
 * HMAC-SHA1 signatures (RFC 5849 §3.4.2).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { percentEncode } from './percent-encoding';

/** A base64 HMAC-SHA1 value is exactly 28 characters: 27 alphabet characters and one `=` (checklist S5). */
const HMAC_SHA1_BASE64 = /^[A-Za-z0-9+/]{27}=$/;

/**
 * The HMAC-SHA1 signature of a base string. The key is `enc(consumer secret) & enc(token secret)`; the `&` is always
 * present, even with no token (RFC 5849 §3.4.2, checklist S8, vector E11).
 */
export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret: string): string {
  return hmacSha1Base64(baseString, consumerSecret, tokenSecret);
}

function hmacSha1Base64(baseString: string | Uint8Array, consumerSecret: string, tokenSecret: string): string {
  return createHmac('sha1', `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`).update(baseString).digest('base64');
}

/**
 * Verifies an `oauth_signature` (already percent-decoded) against a base string.
 * Why this shape: the expected value's length is public (28), so unequal lengths fail without comparing; equal
 * lengths are compared with `timingSafeEqual` (checklist S4; Node throws on unequal lengths). Comparing the base64
 * text itself also refuses non-canonical encodings, base64url and junk characters that `Buffer.from(…,'base64')`
 * would silently accept (checklist S5, F8).
 */
export function verifyHmacSha1(baseString: string, signature: string, consumerSecret: string, tokenSecret: string): boolean {
  return verifyHmacSha1Data(baseString, signature, consumerSecret, tokenSecret);
}

/** {@link verifyHmacSha1} over the base string or its bytes (the verify path builds the bytes directly). */
export function verifyHmacSha1Data(baseString: string | Uint8Array, signature: string, consumerSecret: string, tokenSecret: string): boolean {
  const expected = Buffer.from(hmacSha1Base64(baseString, consumerSecret, tokenSecret), 'latin1');
  if (signature.length !== expected.length || !HMAC_SHA1_BASE64.test(signature)) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(Buffer.from(signature, 'latin1'), expected);
}
