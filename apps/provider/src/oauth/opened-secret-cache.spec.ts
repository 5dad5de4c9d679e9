import { randomBytes } from 'node:crypto';

import { describe, expect, it, vi } from 'vitest';

import { SecretBox } from '../crypto/secret-box';

import { OpenedSecretCache } from './opened-secret-cache';

describe('OpenedSecretCache', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens a sealed secret once per token and reuses it only for the same sealed value', () => {
    const sut = new OpenedSecretCache();
    const first = box.seal('secret-1', 'access-token-secret:h1');
    const open = vi.fn((sealed: string) => box.open(sealed, 'access-token-secret:h1'));
    expect(sut.open('h1', first, () => open(first))).toBe('secret-1');
    expect(sut.open('h1', first, () => open(first))).toBe('secret-1');
    expect(open).toHaveBeenCalledTimes(1);
    const second = box.seal('secret-2', 'access-token-secret:h1');
    expect(sut.open('h1', second, () => open(second))).toBe('secret-2');
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('does not cache a value that failed to open', () => {
    const sut = new OpenedSecretCache();
    const sealed = box.seal('secret', 'access-token-secret:h1');
    expect(() => sut.open('h2', sealed, () => box.open(sealed, 'access-token-secret:h2'))).toThrow();
    expect(() => sut.open('h2', sealed, () => box.open(sealed, 'access-token-secret:h2'))).toThrow();
  });
});
