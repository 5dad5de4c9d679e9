import { describe, expect, it } from 'vitest';

import { type AccessTokenRow, RecentAccessTokens } from './recent-access-tokens';

const row = (overrides: Partial<AccessTokenRow> = {}, enabled = true) => ({ id: 1, revokedAt: null, ...overrides, user: { id: 7, enabled } }) as unknown as AccessTokenRow;

describe('RecentAccessTokens', () => {
  it('reuses a live token for its time to live, then reads again', () => {
    let now = 1_000;
    const recent = new RecentAccessTokens(5_000, () => now);
    recent.remember('h', row());
    now += 4_999;
    expect(recent.get('h')).toBeDefined();
    now += 1;
    expect(recent.get('h')).toBeUndefined();
  });

  it('never keeps a revoked token or one whose user is disabled, and keeps nothing with a zero time to live', () => {
    const recent = new RecentAccessTokens(5_000);
    recent.remember('revoked', row({ revokedAt: new Date() }));
    recent.remember('disabled', row({}, false));
    expect(recent.get('revoked')).toBeUndefined();
    expect(recent.get('disabled')).toBeUndefined();
    const off = new RecentAccessTokens(0);
    off.remember('h', row());
    expect(off.get('h')).toBeUndefined();
  });

  it('forgets on request and stays bounded (oldest first)', () => {
    const recent = new RecentAccessTokens(60_000);
    recent.remember('h', row());
    recent.forget('h');
    expect(recent.get('h')).toBeUndefined();
    for (let i = 0; i <= 10_000; i++) recent.remember(`t${i}`, row());
    expect(recent.get('t0')).toBeUndefined();
    expect(recent.get('t10000')).toBeDefined();
  });
});
