import type { Repository } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';

import type { AccessTokenEntity } from './access-token.entity';
import { LastUsedTracker } from './last-used-tracker';

describe('LastUsedTracker', () => {
  function sut() {
    const update = vi.fn(async () => ({ affected: 1 }));
    return { tracker: new LastUsedTracker({ update } as unknown as Repository<AccessTokenEntity>), update };
  }

  it('writes at most once a minute per token', () => {
    const { tracker, update } = sut();
    const t0 = Date.UTC(2026, 11, 4, 12, 0, 0);
    tracker.touch(1, null, t0);
    tracker.touch(1, null, t0 + 30_000);
    tracker.touch(2, null, t0 + 30_000);
    tracker.touch(1, null, t0 + 61_000);
    expect(update.mock.calls.map((c) => (c as unknown[])[0])).toEqual([{ id: 1 }, { id: 2 }, { id: 1 }]);
  });

  it('skips the write when the stored value is recent (another instance wrote it)', () => {
    const { tracker, update } = sut();
    const now = Date.now();
    tracker.touch(3, new Date(now - 10_000), now);
    expect(update).not.toHaveBeenCalled();
  });
});
