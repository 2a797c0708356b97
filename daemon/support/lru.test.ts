import { describe, expect, it } from 'vitest';
import { Lru } from './lru.js';

describe('Lru', () => {
  it('evicts the least recently used entry; get and set refresh recency', () => {
    const l = new Lru<string, number>(2);
    l.set('a', 1);
    l.set('b', 2);
    expect(l.get('a')).toBe(1); // a is now the freshest
    l.set('c', 3);
    expect([...l.keys()]).toEqual(['a', 'c']);
    l.set('a', 10);
    l.set('d', 4);
    expect([...l.keys()]).toEqual(['a', 'd']);
    expect(l.get('c')).toBeUndefined();
    expect(l.size).toBe(2);
    expect(l.delete('a')).toBe(true);
    expect(l.has('a')).toBe(false);
    l.clear();
    expect(l.size).toBe(0);
  });

  it('rejects a capacity below one', () => {
    expect(() => new Lru(0)).toThrow(RangeError);
  });
});
