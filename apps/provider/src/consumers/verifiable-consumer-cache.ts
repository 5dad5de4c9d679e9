import { BoundedMap } from '../common/bounded-map';

import type { VerifiableConsumer } from './consumer.types';

/**
 * How long a looked-up consumer (or the fact that a key is unknown or deleted) is reused without reading the database.
 * Writes through this process invalidate at once; this bounds how long ANOTHER instance sharing the database keeps
 * verifying with the old settings (a disabled consumer, a rotated secret). Tokens are still read from the database on
 * every request and revocation deletes/flags them there, so a revoked token stops at once on every instance.
 */
export const VERIFIABLE_CONSUMER_TTL_MS = 5_000;

/** Bounds memory when callers send many distinct unknown keys (each miss is an entry too). */
const MAX_ENTRIES = 10_000;

interface Entry {
  value: VerifiableConsumer | null;
  expiresAt: number;
}

/**
 * Verifiable consumers per exact consumer key, so a signed request does not re-read the row, re-open the sealed
 * secret (AES-GCM) and re-parse the methods each time. Hits and misses both live at most `ttlMs`.
 *
 * A load that started before an invalidation must not store its (possibly stale) result: every invalidation bumps a
 * generation, and `set` is ignored when the generation the load began under is no longer current.
 */
export class VerifiableConsumerCache {
  private readonly entries = new BoundedMap<string, Entry>(MAX_ENTRIES);
  private currentGeneration = 0;

  constructor(
    private readonly ttlMs = VERIFIABLE_CONSUMER_TTL_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The cached value (null = known miss), or undefined when absent or expired. */
  get(consumerKey: string): VerifiableConsumer | null | undefined {
    const entry = this.entries.get(consumerKey);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(consumerKey);
      return undefined;
    }
    return entry.value;
  }

  /** The generation to pass back to `set` for a load starting now. */
  generation(): number {
    return this.currentGeneration;
  }

  set(consumerKey: string, value: VerifiableConsumer | null, loadedInGeneration: number): void {
    if (loadedInGeneration !== this.currentGeneration) return;
    this.entries.set(consumerKey, { value, expiresAt: this.now() + this.ttlMs });
  }

  /** After any write to this consumer (or before, for a write in progress): the next lookup reads the database. */
  invalidate(consumerKey: string): void {
    this.currentGeneration++;
    this.entries.delete(consumerKey);
  }
}
