import fc from 'fast-check';
import { KnownHashes } from '../../../chain/knownHashes';

/** The obvious model: an array in insertion order, the oldest dropped past the bound. */
class ModelSet {
  readonly items: string[] = [];
  constructor(readonly capacity: number) {}
  add(h: string): boolean {
    if (this.items.includes(h)) return false;
    this.items.push(h);
    if (this.items.length > this.capacity) this.items.shift();
    return true;
  }
}

describe('KnownHashes', () => {
  it('forgets exactly the oldest hash once past its bound, and a forgotten hash is new again', () => {
    const known = new KnownHashes(3);
    expect(['a', 'b', 'c'].map((h) => known.add(h))).toEqual([true, true, true]);
    expect(known.add('b')).toBe(false);
    expect(known.add('d')).toBe(true);
    expect(['a', 'b', 'c', 'd'].map((h) => known.has(h))).toEqual([false, true, true, true]);
    expect(known.size).toBe(3);
    expect(known.add('a')).toBe(true);
    expect(known.has('b')).toBe(false);
  });

  it('behaves as an insertion-ordered set bounded by dropping its oldest, for any sequence of adds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }),
        (capacity, adds) => {
          const known = new KnownHashes(capacity);
          const model = new ModelSet(capacity);
          for (const n of adds) {
            const h = n.toString(16);
            expect(known.add(h)).toBe(model.add(h));
          }
          for (let n = 0; n <= 20; n++) {
            expect(known.has(n.toString(16))).toBe(model.items.includes(n.toString(16)));
          }
          expect(known.size).toBe(model.items.length);
        },
      ),
    );
  });

  // Also the chain manager's per-peer known blocks.
  it('is empty until the first add', () => {
    const set = new KnownHashes(2);
    expect(set.size).toBe(0);
    expect(set.has('a')).toBe(false);
  });

  it('keeps what was added, once each', () => {
    const set = new KnownHashes(3);
    set.add('a');
    set.add('b');
    set.add('a');
    expect(set.size).toBe(2);
    expect(set.has('a')).toBe(true);
    expect(set.has('b')).toBe(true);
    expect(set.has('c')).toBe(false);
  });

  it('forgets the oldest member past its capacity', () => {
    const set = new KnownHashes(2);
    for (const n of ['1', '2', '3']) set.add(n);
    expect(set.size).toBe(2);
    expect(set.has('1')).toBe(false);
    expect(set.has('2')).toBe(true);
    expect(set.has('3')).toBe(true);
  });
});
