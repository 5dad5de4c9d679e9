import { Injectable } from '@nestjs/common';

import { BoundedMap } from '../common/bounded-map';

interface Window {
  failures: number[];
}

export interface RateLimitDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

const WINDOW_MS = 15 * 60_000;
/** Failed sign-ins allowed per account and per client address within WINDOW_MS. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;
const MAX_KEYS = 20_000;

/**
 * Counts failed sign-ins per account and per address in a sliding window, in memory. Written here rather than
 * with @nestjs/throttler or @fastify/rate-limit because those count every request per route and key, whereas a
 * login limit must count failures only (a person who signs in successfully is never slowed down) and key on the
 * submitted username as well as the address. Per process: with several instances an attacker gets N× the
 * budget, which still bounds guessing to a few hundred attempts a day per account.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly windows = new BoundedMap<string, Window>(MAX_KEYS);

  check(username: string, address: string, now = Date.now()): RateLimitDecision {
    const account = this.retryAfter(`u:${username.toLowerCase()}`, MAX_FAILURES_PER_ACCOUNT, now);
    const client = this.retryAfter(`a:${address}`, MAX_FAILURES_PER_ADDRESS, now);
    const retryAfterSeconds = Math.max(account, client);
    return { allowed: retryAfterSeconds === 0, retryAfterSeconds };
  }

  recordFailure(username: string, address: string, now = Date.now()): void {
    for (const key of [`u:${username.toLowerCase()}`, `a:${address}`]) {
      const window = this.windows.get(key) ?? { failures: [] };
      window.failures.push(now);
      this.windows.delete(key); // re-insert: Map order is then least recently failed first
      this.windows.set(key, window);
    }
  }

  recordSuccess(username: string): void {
    this.windows.delete(`u:${username.toLowerCase()}`);
  }

  private retryAfter(key: string, max: number, now: number): number {
    const window = this.windows.get(key);
    if (!window) return 0;
    window.failures = window.failures.filter((t) => now - t < WINDOW_MS);
    if (window.failures.length === 0) {
      this.windows.delete(key);
      return 0;
    }
    if (window.failures.length < max) return 0;
    return Math.ceil((window.failures[window.failures.length - max] + WINDOW_MS - now) / 1000);
  }
}
