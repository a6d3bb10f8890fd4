// The embedded store's expiring entries: reads never return an expired value, writes sweep the
// expired ones at the front, and a size bound drops the oldest first.
import { describe, expect, it } from 'vitest';
import { ExpiringMap } from '../../src/store/expiring.js';

describe('ExpiringMap', () => {
  it('returns a value until it expires, then forgets it', () => {
    const m = new ExpiringMap<string>();
    m.set('a', 'x', 1_000, 0);
    expect(m.get('a', 999)).toBe('x');
    expect(m.has('a', 1_000)).toBe(false);
    expect(m.size).toBe(0);
  });

  it('sweeps expired entries from the front on each write, keeping live ones', () => {
    const m = new ExpiringMap<number>();
    for (let i = 0; i < 100; i++) m.set(`old${i}`, i, 1_000, 0);
    m.set('live', 1, 10_000, 0);
    expect(m.size).toBe(101);
    m.set('new', 2, 20_000, 5_000); // every old entry expired at 1,000
    expect(m.size).toBe(2);
    expect(m.get('live', 5_000)).toBe(1);
  });

  it('a rewrite moves the key to the back, so it outlives older ones', () => {
    const m = new ExpiringMap<string>();
    m.set('a', '1', 1_000, 0);
    m.set('b', '2', 1_000, 0);
    m.set('a', '3', 9_000, 500);
    m.set('c', '4', 9_000, 2_000); // b expired at the front, a is live behind it
    expect(m.get('a', 2_000)).toBe('3');
    expect(m.get('b', 2_000)).toBeUndefined();
    expect(m.size).toBe(2);
  });

  it('keeps at most max entries, dropping the oldest first', () => {
    const m = new ExpiringMap<number>(3);
    for (let i = 0; i < 5; i++) m.set(`k${i}`, i, 1_000_000, 0);
    expect(m.size).toBe(3);
    expect(m.get('k0', 1)).toBeUndefined();
    expect(m.get('k1', 1)).toBeUndefined();
    expect(m.get('k4', 1)).toBe(4);
  });
});
