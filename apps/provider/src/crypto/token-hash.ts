import { createHash, randomBytes } from 'node:crypto';

/**
 * SHA-256 (hex) of a token value, verifier, session handle or cookie: what the database stores and looks up
 * by, so the stored rows alone never yield a usable credential (checklist C7).
 */
export function hashToken(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * A random credential from the CSPRNG in an unreserved alphabet (base64url), `bytes` long before encoding:
 * at least 16 bytes (128 bits) for every token, secret and verifier (checklist C6, RFC 5849 §4.9).
 */
export function randomToken(bytes = 24): string {
  if (bytes < 16) throw new Error('randomToken: at least 128 bits');
  return randomBytes(bytes).toString('base64url');
}
