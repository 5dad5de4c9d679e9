/**
 * A Map that holds at most `capacity` keys: setting a new key when it is full first drops the oldest inserted one.
 * Re-setting a present key keeps its place; delete it first to make it the newest (least-recently-used order).
 * For per-process caches and counters keyed by values a client chooses, so memory stays bounded.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly capacity: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.capacity && !this.has(key)) {
      const oldest = this.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}
