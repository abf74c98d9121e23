import { RLP } from '@ethereumjs/rlp';
import fc from 'fast-check';
import {
  WireError,
  WireErrorCode,
  decodeRlp,
  encodeFrame,
  encodeMessage,
  encodeMessageFrame,
} from '../../../wire';
import { toHex } from '../../helpers/vectors';
import { PROPERTY_BOUNDS, messageArbitraries } from '../../../tools/fuzz/wireArbitraries';

const anyMessageArb = messageArbitraries(PROPERTY_BOUNDS).any;

/** The codec's RLP entry points: @ethereumjs/rlp underneath, with the codec's typed errors and copies. */
describe("the codec's RLP", () => {
  it('reads the empty input as the empty string, as @ethereumjs/rlp does', () => {
    expect(decodeRlp(new Uint8Array(0))).toEqual(new Uint8Array(0));
  });

  it('refuses nesting too deep for the stack with WIRE_BAD_RLP, not a RangeError', () => {
    // 200,000 lists, each exactly wrapping the next (valid RLP), built inside out: [[[…[]…]]].
    const depth = 200_000;
    const headers: number[][] = [];
    let inner = 1; // the innermost empty list, 0xc0
    for (let i = 0; i < depth; i++) {
      const h =
        inner < 56
          ? [0xc0 + inner]
          : inner < 0x100
            ? [0xf8, inner]
            : inner < 0x10000
              ? [0xf9, inner >> 8, inner & 0xff]
              : [0xfa, inner >> 16, (inner >> 8) & 0xff, inner & 0xff];
      headers.push(h);
      inner += h.length;
    }
    const bytes = new Uint8Array(inner);
    let pos = 0;
    for (let i = headers.length - 1; i >= 0; i--) for (const b of headers[i]!) bytes[pos++] = b;
    bytes[pos] = 0xc0;
    expect(pos + 1).toBe(bytes.length);
    let caught: unknown;
    try {
      decodeRlp(bytes);
    } catch (err: unknown) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WireError);
    expect((caught as WireError).code).toBe(WireErrorCode.BadRlp);
    // A shallow one of the same construction is fine.
    expect(decodeRlp(bytes.subarray(bytes.length - 4))).toEqual([[[[]]]]);
  });

  it('returns byte strings that are plain Uint8Array copies, even from a Buffer', () => {
    const input = Buffer.from(RLP.encode([Uint8Array.of(1, 2, 3), new Uint8Array(40).fill(9)]));
    const item = decodeRlp(input) as Uint8Array[];
    input.fill(0);
    expect(item.map((b) => b.constructor)).toEqual([Uint8Array, Uint8Array]);
    expect(item).toEqual([Uint8Array.of(1, 2, 3), new Uint8Array(40).fill(9)]);
  });

  it('writes a frame in place equal to the payload behind a separately built header', () => {
    fc.assert(
      fc.property(anyMessageArb, (m) => {
        expect(toHex(encodeMessageFrame(m))).toBe(toHex(encodeFrame(encodeMessage(m))));
      }),
      { numRuns: 200 },
    );
  });
});
