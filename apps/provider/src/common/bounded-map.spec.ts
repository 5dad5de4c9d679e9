import { describe, expect, it } from 'vitest';

import { BoundedMap } from './bounded-map';

describe('BoundedMap', () => {
  it('drops the oldest inserted key when a new key arrives at capacity', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('c', 3);
    expect([...map.keys()]).toEqual(['b', 'c']);
  });

  it('keeps a re-set key in its place, and moves it to the newest when deleted first', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 10);
    expect([...map.entries()]).toEqual([['a', 10], ['b', 2]]);
    map.delete('a');
    map.set('a', 11);
    map.set('c', 3);
    expect([...map.keys()]).toEqual(['a', 'c']);
  });
});
