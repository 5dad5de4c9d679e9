import { describe, expect, it } from 'vitest';

import { ConsumerEntity } from './consumer.entity';
import type { VerifiableConsumer } from './consumer.types';
import { VERIFIABLE_CONSUMER_TTL_MS, VerifiableConsumerCache } from './verifiable-consumer-cache';

const consumer = (key: string): VerifiableConsumer => ({
  entity: Object.assign(new ConsumerEntity(), { id: 1, consumerKey: key, enabled: true }),
  methods: ['HMAC-SHA1'],
  secret: 's3cret',
  publicKey: null,
});

describe('VerifiableConsumerCache', () => {
  let clock = 0;
  const make = () => new VerifiableConsumerCache(VERIFIABLE_CONSUMER_TTL_MS, () => clock);

  it('keeps hits and misses exactly until the TTL, then asks again', () => {
    clock = 1_000;
    const sut = make();
    const ck = consumer('ck');
    sut.set('ck', ck, sut.generation());
    sut.set('ghost', null, sut.generation());
    clock += VERIFIABLE_CONSUMER_TTL_MS - 1;
    expect(sut.get('ck')).toBe(ck);
    expect(sut.get('ghost')).toBeNull();
    clock += 1;
    expect(sut.get('ck')).toBeUndefined();
    expect(sut.get('ghost')).toBeUndefined();
  });

  it('forgets a key on invalidation and leaves other keys alone', () => {
    const sut = make();
    sut.set('a', consumer('a'), sut.generation());
    sut.set('b', consumer('b'), sut.generation());
    sut.invalidate('a');
    expect(sut.get('a')).toBeUndefined();
    expect(sut.get('b')).toBeDefined();
  });

  it('drops a result loaded before an invalidation (a load racing a write cannot store stale data)', () => {
    const sut = make();
    const before = sut.generation();
    sut.invalidate('ck'); // a write committed while the load was in flight
    sut.set('ck', consumer('ck'), before);
    expect(sut.get('ck')).toBeUndefined();
    sut.set('ck', consumer('ck'), sut.generation());
    expect(sut.get('ck')).toBeDefined();
  });

  it('stays bounded under many distinct unknown keys, evicting the oldest', () => {
    const sut = make();
    for (let i = 0; i <= 10_000; i++) sut.set(`k${i}`, null, sut.generation());
    expect(sut.get('k0')).toBeUndefined();
    expect(sut.get('k1')).toBeNull();
    expect(sut.get('k10000')).toBeNull();
  });
});
