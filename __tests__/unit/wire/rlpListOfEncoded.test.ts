import { RLP } from '@ethereumjs/rlp';
import fc from 'fast-check';
import { encodeRlp, rlpListOfEncoded } from '../../../wire';
import type { RlpItem } from '../../../wire';
import { rlpItemArb } from '../../../tools/fuzz/wireArbitraries';
import { sameBytes } from '../../helpers/vectors';

/** Byte strings of a length that makes their list's payload exactly `payloadBytes` long. */
function itemsWithPayload(payloadBytes: number): RlpItem[] {
  if (payloadBytes < 64) return Array.from({ length: payloadBytes }, () => Uint8Array.of(1));
  // One long string (header 1 + up to 4 length bytes), then one-byte strings to make up the rest.
  const k = payloadBytes - 8;
  const encoded = encodeRlp(new Uint8Array(k)).length;
  return [
    new Uint8Array(k).fill(7),
    ...Array.from({ length: payloadBytes - encoded }, () => Uint8Array.of(1)),
  ];
}

describe('rlpListOfEncoded', () => {
  it('writes the same bytes as RLP.encode of the list, for any RLP items', () => {
    fc.assert(
      fc.property(fc.array(rlpItemArb, { maxLength: 12 }), (items) => {
        expect(rlpListOfEncoded(items.map((i) => RLP.encode(i)))).toEqual(RLP.encode(items));
      }),
      { numRuns: 200 },
    );
  });

  it('writes the same bytes as RLP.encode across lengths that change the size of the list header', () => {
    fc.assert(
      fc.property(fc.nat(70_000), (payloadBytes) => {
        const items = itemsWithPayload(payloadBytes);
        expect(sameBytes(rlpListOfEncoded(items.map((i) => RLP.encode(i))), RLP.encode(items))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it.each([0, 1, 55, 56, 57, 255, 256, 65_535, 65_536, 1 << 24])(
    'writes the list header RLP.encode writes for a payload of %i bytes',
    (payloadBytes) => {
      const items = itemsWithPayload(payloadBytes);
      const expected = RLP.encode(items);
      const actual = rlpListOfEncoded(items.map((i) => RLP.encode(i)));
      expect(actual.subarray(0, 6)).toEqual(expected.subarray(0, 6));
      expect(sameBytes(actual, expected)).toBe(true);
    },
  );

  it('leaves the asked headroom in front of the list, zeroed', () => {
    const items = [Uint8Array.of(0x12), RLP.encode(new Uint8Array(60))];
    const out = rlpListOfEncoded(items, 8);
    expect(out.subarray(0, 8)).toEqual(new Uint8Array(8));
    expect(out.subarray(8)).toEqual(RLP.encode([Uint8Array.of(0x12), new Uint8Array(60)]));
  });
});
