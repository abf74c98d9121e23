import fc from 'fast-check';
import {
  COMMAND_NAMES,
  Command,
  FrameDecoder,
  WireError,
  decodeMessage,
  encodeFrame,
  encodeMessage,
  encodeMessageFrame,
  encodeRlp,
  encodeUint,
} from '../../../wire';
import type { Message, RlpItem } from '../../../wire';
import { loadSession, toHex } from '../../helpers/vectors';
import { PROPERTY_BOUNDS, messageArbitraries } from '../../../tools/fuzz/wireArbitraries';

const { byCommand: messageArbs, any: anyMessageArb } = messageArbitraries(PROPERTY_BOUNDS);

/** Properties of the codec; numRuns kept modest so `npm test` stays fast on 2 cores. */

const RUNS = 100;

/** Cuts `stream` at the given points (any numbers; reduced modulo its length) into chunks. */
function chunked(stream: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, stream.length]) {
    chunks.push(stream.slice(from, p));
    from = p;
  }
  return chunks;
}

describe('encode → decode', () => {
  it.each(Object.entries(messageArbs))('is the identity for every %s', (_command, arb) => {
    fc.assert(
      fc.property(arb as fc.Arbitrary<Message>, (m) => {
        expect(decodeMessage(encodeMessage(m))).toEqual(m);
      }),
      { numRuns: RUNS },
    );
  });

  it('re-encodes a decoded payload to the same bytes (canonical out)', () => {
    fc.assert(
      fc.property(anyMessageArb, (m) => {
        const payload = encodeMessage(m);
        expect(toHex(encodeMessage(decodeMessage(payload)))).toBe(toHex(payload));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('FrameDecoder on any chunking', () => {
  it('yields the same frames whatever the split of a stream of frames into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(anyMessageArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (messages, cuts) => {
          const frames = messages.map(encodeMessageFrame);
          const d = new FrameDecoder();
          const got: Message[] = [];
          for (const chunk of chunked(Buffer.concat(frames), cuts)) {
            const batch = d.push(chunk);
            expect(batch.error).toBeUndefined();
            got.push(...batch.frames.map(decodeMessage));
          }
          expect(got).toEqual(messages);
          expect(d.bufferedBytes).toBe(0);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('yields the real session the same way whatever the split', () => {
    const session = loadSession();
    const stream = Buffer.concat(session.map((f) => f.frame));
    const expected = session.map((f) => toHex(f.frame.subarray(8)));
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        const d = new FrameDecoder();
        const got: string[] = [];
        for (const chunk of chunked(stream, cuts)) got.push(...d.push(chunk).frames.map(toHex));
        expect(got).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('hostile bytes', () => {
  const MAX = 64;

  it('only ever produce frames or one WireError, and bufferedBytes stays ≤ 8 + maxFrameBytes', () => {
    // Mostly valid headers with random sizes and bodies, sometimes pure noise.
    const framed = fc.tuple(fc.nat(MAX + 8), fc.uint8Array({ maxLength: MAX + 8 })).map(([size, body]) => {
      const f = encodeFrame(body);
      new DataView(f.buffer).setUint32(4, size);
      return f;
    });
    const piece = fc.oneof(framed, fc.uint8Array({ maxLength: 40 }));
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (pieces, cuts) => {
          const d = new FrameDecoder({ maxFrameBytes: MAX });
          let errors = 0;
          for (const chunk of chunked(Buffer.concat(pieces), cuts)) {
            const batch = d.push(chunk);
            if (batch.error !== undefined) {
              expect(batch.error).toBeInstanceOf(WireError);
              errors++;
            }
            for (const payload of batch.frames) {
              expect(payload.length).toBeLessThanOrEqual(MAX);
              try {
                decodeMessage(payload);
              } catch (err: unknown) {
                expect(err).toBeInstanceOf(WireError);
              }
            }
            expect(d.bufferedBytes).toBeLessThanOrEqual(8 + MAX);
          }
          expect(errors).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('as a payload, make decodeMessage return a message or throw a WireError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (payload) => {
        try {
          decodeMessage(payload);
        } catch (err: unknown) {
          expect(err).toBeInstanceOf(WireError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('shaped as [known command, random RLP items] make decodeMessage throw only WireErrors', () => {
    // Well-formed RLP behind a real command id reaches the per-command decoders, not just the RLP layer.
    const { item } = fc.letrec<{ item: RlpItem }>((tie) => ({
      item: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.uint8Array({ maxLength: 3 }),
        fc.constantFrom(20, 32, 64).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.array(tie('item'), { maxLength: 9 }),
      ),
    }));
    fc.assert(
      fc.property(fc.constantFrom(...COMMAND_NAMES), fc.array(item, { maxLength: 7 }), (name, fields) => {
        try {
          decodeMessage(encodeRlp([encodeUint(Command[name]), ...fields]));
        } catch (err: unknown) {
          expect(err).toBeInstanceOf(WireError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
