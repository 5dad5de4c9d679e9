import type { ConfigService } from '@nestjs/config';
import { describe, expect, it } from 'vitest';

import type { Configuration } from '@app/config';

import { CsrfService } from './csrf.service';

const config = (sessionSecret: string) => ({ get: () => ({ sessionSecret }) }) as unknown as ConfigService<Configuration, true>;

describe('CsrfService', () => {
  const sut = new CsrfService(config('s'.repeat(48)));
  const session = { id: 'a'.repeat(64) };

  it('issues a 256-bit base64url token that verifies for the same session, purpose and bound id', () => {
    const token = sut.issue(session, 'consent', 'request-token-1');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sut.verify(session, 'consent', token, 'request-token-1')).toBe(true);
  });

  it('refuses another session, purpose or bound id (swapped tokens)', () => {
    const token = sut.issue(session, 'consent', 'request-token-1');
    expect(sut.verify({ id: 'b'.repeat(64) }, 'consent', token, 'request-token-1')).toBe(false);
    expect(sut.verify(session, 'revoke', token, 'request-token-1')).toBe(false);
    expect(sut.verify(session, 'consent', token, 'request-token-2')).toBe(false);
  });

  it('does not let field boundaries shift ("ab","c" vs "a","bc")', () => {
    expect(sut.verify({ id: 'a' }, 'bc', sut.issue({ id: 'ab' }, 'c'))).toBe(false);
  });

  it('refuses missing, malformed and foreign-key tokens without throwing', () => {
    const token = sut.issue(session, 'logout');
    for (const bad of [undefined, null, '', 'short', `${token}x`, 42, ['a']]) expect(sut.verify(session, 'logout', bad)).toBe(false);
    expect(new CsrfService(config('t'.repeat(48))).verify(session, 'logout', token)).toBe(false);
  });
});
