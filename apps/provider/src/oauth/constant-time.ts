import { timingSafeEqual } from 'node:crypto';

import { hashToken } from '../crypto/token-hash';

/**
 * Compares a presented credential (verifier, session handle) with the stored SHA-256 hex in constant time: both
 * sides are 64 hex digits, so the length check reveals nothing (checklist S4, H1).
 */
export function matchesHash(presented: string | undefined, storedHash: string | null): boolean {
  const given = Buffer.from(hashToken(presented ?? ''), 'latin1');
  const stored = Buffer.from(storedHash ?? '', 'latin1');
  if (stored.length !== given.length) {
    timingSafeEqual(given, given);
    return false;
  }
  return timingSafeEqual(given, stored) && presented !== undefined && storedHash !== null;
}
