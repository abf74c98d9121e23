import { BoundedSet } from '../../../actors/boundedSet';

describe('BoundedSet', () => {
  it('is empty until the first add', () => {
    const set = new BoundedSet<string>(2);
    expect(set.size).toBe(0);
    expect(set.has('a')).toBe(false);
  });

  it('keeps what was added, once each', () => {
    const set = new BoundedSet<string>(3);
    set.add('a');
    set.add('b');
    set.add('a');
    expect(set.size).toBe(2);
    expect(set.has('a')).toBe(true);
    expect(set.has('b')).toBe(true);
    expect(set.has('c')).toBe(false);
  });

  it('forgets the oldest member past its capacity', () => {
    const set = new BoundedSet<number>(2);
    for (const n of [1, 2, 3]) set.add(n);
    expect(set.size).toBe(2);
    expect(set.has(1)).toBe(false);
    expect(set.has(2)).toBe(true);
    expect(set.has(3)).toBe(true);
  });
});
