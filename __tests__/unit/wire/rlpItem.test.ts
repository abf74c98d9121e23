import { RLP } from '@ethereumjs/rlp';
import fc from 'fast-check';
import {
  WireError,
  WireErrorCode,
  decodeRlp,
  encodeFrame,
  encodeMessage,
  encodeMessageFrame,
  encodeRlp,
} from '../../../wire';
import type { RlpItem } from '../../../wire';
import { toHex } from '../../helpers/vectors';
import { anyMessageArb } from './arbitraries';

/**
 * The codec's own RLP encoder and decoder against @ethereumjs/rlp, the reference it replaced for speed:
 * the same bytes out, and the same verdict (same item, or refused) on any input.
 */

/** Trees with short and long strings and lists, so both length forms and 1- and 2-byte lengths occur. */
const { tree } = fc.letrec<{ tree: RlpItem }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.uint8Array({ maxLength: 2 }),
    fc.uint8Array({ minLength: 50, maxLength: 60 }),
    fc.uint8Array({ minLength: 250, maxLength: 300 }),
    fc.array(tie('tree'), { maxLength: 8 }),
  ),
}));

type Verdict = { ok: true; item: RlpItem } | { ok: false };

function reference(bytes: Uint8Array): Verdict {
  try {
    return { ok: true, item: RLP.decode(bytes) };
  } catch {
    return { ok: false };
  }
}

function ours(bytes: Uint8Array): Verdict {
  try {
    return { ok: true, item: decodeRlp(bytes) };
  } catch (err: unknown) {
    expect(err).toBeInstanceOf(WireError);
    expect((err as WireError).code).toBe(WireErrorCode.BadRlp);
    return { ok: false };
  }
}

/** Valid encodings with a few bytes flipped, cut off or appended: close to valid, so every rule is hit. */
const nearlyValid = fc
  .tuple(
    tree,
    fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 3 }),
    fc.nat(),
    fc.uint8Array({ maxLength: 3 }),
  )
  .map(([t, flips, cut, extra]) => {
    const bytes = Uint8Array.from(RLP.encode(t));
    for (const [at, v] of flips) if (bytes.length > 0) bytes[at % bytes.length] = v;
    const kept = bytes.slice(0, bytes.length - (cut % 3 === 0 ? 0 : cut % Math.max(1, bytes.length)));
    return Uint8Array.from([...kept, ...(cut % 5 === 0 ? extra : [])]);
  });

describe("the codec's RLP", () => {
  it('encodes any tree to the same bytes as @ethereumjs/rlp', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expect(toHex(encodeRlp(t))).toBe(toHex(RLP.encode(t)));
      }),
      { numRuns: 300 },
    );
  });

  it('decodes any valid encoding to the tree it came from', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expect(decodeRlp(RLP.encode(t))).toEqual(t);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts and refuses exactly what @ethereumjs/rlp does, on nearly valid and on random bytes', () => {
    fc.assert(
      fc.property(fc.oneof(nearlyValid, fc.uint8Array({ maxLength: 80 })), (bytes) => {
        expect(ours(bytes)).toEqual(reference(bytes));
      }),
      { numRuns: 2000 },
    );
  });

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
