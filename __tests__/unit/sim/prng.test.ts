import { Prng } from '../../../sim/prng';

describe('Prng', () => {
  it('gives the same sequence for the same seed and stream', () => {
    const a = new Prng(42, 'topology');
    const b = new Prng(42, 'topology');
    const xs = Array.from({ length: 100 }, () => a.uint32());
    const ys = Array.from({ length: 100 }, () => b.uint32());
    expect(xs).toEqual(ys);
  });

  it('gives different sequences for different seeds, streams and the high half of a seed', () => {
    const first = (p: Prng): number[] => Array.from({ length: 8 }, () => p.uint32());
    const base = first(new Prng(1, 'x'));
    expect(first(new Prng(2, 'x'))).not.toEqual(base);
    expect(first(new Prng(1, 'y'))).not.toEqual(base);
    expect(first(new Prng(1 + 2 ** 32, 'x'))).not.toEqual(base);
  });

  it('draws integers within the inclusive bounds and reaches both ends', () => {
    const p = new Prng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = p.int(1, 50);
      expect(x).toBeGreaterThanOrEqual(1);
      expect(x).toBeLessThanOrEqual(50);
      seen.add(x);
    }
    expect(seen.size).toBe(50);
  });

  it('draws floats in [0, 1) and bytes of the asked length', () => {
    const p = new Prng(3);
    for (let i = 0; i < 1000; i++) {
      const x = p.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(p.bytes(64)).toHaveLength(64);
    expect(p.bytes(5)).toHaveLength(5);
  });

  it('shuffles into a permutation of the same items', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const shuffled = new Prng(9).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});
