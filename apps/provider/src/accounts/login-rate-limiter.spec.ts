import { describe, expect, it } from 'vitest';

import { LoginRateLimiter, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from './login-rate-limiter';

describe('LoginRateLimiter', () => {
  const t0 = 1_800_000_000_000;

  it('locks an account after its failures, whatever the address, until the window passes', () => {
    const sut = new LoginRateLimiter();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) sut.recordFailure('Alice', `10.0.0.${i}`, t0 + i * 1000);
    const locked = sut.check('alice', '10.9.9.9', t0 + 10_000);
    expect(locked.allowed).toBe(false);
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(sut.check('bob', '10.9.9.9', t0 + 10_000).allowed).toBe(true);
    expect(sut.check('alice', '10.9.9.9', t0 + 16 * 60_000).allowed).toBe(true);
  });

  it('locks an address spraying many accounts', () => {
    const sut = new LoginRateLimiter();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) sut.recordFailure(`user${i}`, '192.0.2.1', t0);
    expect(sut.check('fresh-user', '192.0.2.1', t0 + 1).allowed).toBe(false);
    expect(sut.check('fresh-user', '192.0.2.2', t0 + 1).allowed).toBe(true);
  });

  it('forgets an account’s failures after a successful sign-in', () => {
    const sut = new LoginRateLimiter();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) sut.recordFailure('carol', '192.0.2.3', t0);
    sut.recordSuccess('carol');
    sut.recordFailure('carol', '192.0.2.3', t0);
    expect(sut.check('carol', '192.0.2.4', t0).allowed).toBe(true);
  });
});
