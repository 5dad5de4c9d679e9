import { describe, expect, it } from 'vitest';

import { hashToken } from '../crypto/token-hash';

import { matchesHash } from './constant-time';
import { isDuplicateKeyError } from './duplicate-key';

describe('matchesHash', () => {
  it('matches only the exact value against its stored SHA-256', () => {
    const stored = hashToken('verifier-1');
    expect(matchesHash('verifier-1', stored)).toBe(true);
    expect(matchesHash('verifier-2', stored)).toBe(false);
    expect(matchesHash('VERIFIER-1', stored)).toBe(false);
    expect(matchesHash(undefined, stored)).toBe(false);
    expect(matchesHash('verifier-1', null)).toBe(false);
    expect(matchesHash('', hashToken(''))).toBe(true);
  });
});

describe('isDuplicateKeyError', () => {
  it('recognizes unique violations of both engines, wrapped by TypeORM or not', () => {
    expect(isDuplicateKeyError({ driverError: { code: 'ER_DUP_ENTRY', errno: 1062 } })).toBe(true);
    expect(isDuplicateKeyError({ driverError: { code: 'SQLITE_CONSTRAINT_UNIQUE' } })).toBe(true);
    expect(isDuplicateKeyError({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' })).toBe(true);
    expect(isDuplicateKeyError({ driverError: { code: 'ER_LOCK_DEADLOCK', errno: 1213 } })).toBe(false);
    expect(isDuplicateKeyError(new Error('connection lost'))).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
  });
});
