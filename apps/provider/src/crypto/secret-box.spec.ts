import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { SecretBox, SecretBoxError } from './secret-box';
import { hashToken, randomToken } from './token-hash';

describe('SecretBox', () => {
  const sut = new SecretBox(randomBytes(32));

  it('seals and opens, never showing the plaintext in the sealed form', () => {
    const sealed = sut.seal('kd94hf93k423kf44', 'consumer-secret:ck');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('kd94hf93k423kf44');
    expect(sut.open(sealed, 'consumer-secret:ck')).toBe('kd94hf93k423kf44');
  });

  it('uses a fresh IV each time', () => {
    expect(sut.seal('same', 'p')).not.toBe(sut.seal('same', 'p'));
  });

  it('refuses another purpose, another key and altered data', () => {
    const sealed = sut.seal('secret', 'consumer-secret:a');
    expect(() => sut.open(sealed, 'consumer-secret:b')).toThrow(SecretBoxError);
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'consumer-secret:a')).toThrow(SecretBoxError);
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] ^= 1;
    expect(() => sut.open([v, iv, tag, flipped.toString('base64url')].join('.'), 'consumer-secret:a')).toThrow(SecretBoxError);
    expect(() => sut.open('garbage', 'consumer-secret:a')).toThrow(SecretBoxError);
  });
});

describe('hashToken and randomToken', () => {
  it('hashes to 64 hex digits and generates ≥128-bit base64url values', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(randomToken()).not.toBe(token);
    expect(() => randomToken(8)).toThrow();
  });
});
