import fc from 'fast-check';
import type { Message } from '../../wire';
import {
  FrameDecoder,
  MAX_FRAME_BYTES,
  MAX_RLP_DEPTH,
  MAX_RLP_ITEMS,
  SYNC_TOKEN,
  WireError,
  WireErrorCode,
  decodeMessage,
  encodeMessage,
  encodeUint,
} from '../../wire';
import { commandShapedPayloadArb, messageArb, realFrames, validFrameArb } from './wireArbitraries';

/** A broken promise of the codec: anything thrown that is not a WireError, or a bound not kept. */
export class FuzzViolation extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FuzzViolation';
  }
}

/** One fuzz target: inputs, the promise checked on each, and its share of a run's inputs. */
export interface FuzzTarget<T = unknown> {
  readonly name: string;
  readonly description: string;
  readonly weight: number;
  /** A cap on this target's inputs whatever the total (for inputs that are expensive by design). */
  readonly maxRuns?: number;
  readonly arbitrary: fc.Arbitrary<T>;
  readonly check: (input: T) => void;
}

const WIRE_CODES: ReadonlySet<string> = new Set(Object.values(WireErrorCode));

/** Runs `fn`; returns its message, or undefined when it threw a WireError; anything else is a violation. */
function decodeOrWireError(payload: Uint8Array): Message | WireError {
  try {
    return decodeMessage(payload);
  } catch (err: unknown) {
    if (err instanceof WireError && WIRE_CODES.has(err.code)) return err;
    throw new FuzzViolation(`decodeMessage threw a non-WireError: ${String(err)}`, { cause: err });
  }
}

/** A message as text, whatever the prototypes of its objects (fast-check builds null-prototype records). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Uint8Array) return `0x${Buffer.from(v.buffer, v.byteOffset, v.length).toString('hex')}`;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** A decoded message must survive its own canonical re-encoding (decoders and encoders agree). */
function checkStable(message: Message): void {
  const again = decodeOrWireError(encodeMessage(message));
  if (again instanceof WireError || canonical(again) !== canonical(message)) {
    throw new FuzzViolation(`re-encoding changed a decoded ${message.command}`);
  }
}

/** Cuts `stream` at the given points into chunks (the socket may deliver any split). */
function chunked(stream: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, stream.length]) {
    chunks.push(stream.subarray(from, p));
    from = p;
  }
  return chunks;
}

/**
 * Feeds a stream to a FrameDecoder in chunks and checks its promises: frames no larger than the limit,
 * at most one error and nothing after it, never more buffered than one header and one payload, and every
 * payload decodes to a message (stable under re-encoding) or a WireError.
 */
export function checkStream(stream: Uint8Array, cuts: readonly number[], maxFrameBytes: number): void {
  const decoder = new FrameDecoder({ maxFrameBytes });
  let errors = 0;
  for (const chunk of chunked(stream, cuts)) {
    const batch = decoder.push(chunk);
    if (errors > 0 && batch.frames.length > 0) throw new FuzzViolation('frames after a fatal error');
    if (batch.error !== undefined) {
      if (!(batch.error instanceof WireError))
        throw new FuzzViolation('a stream error that is not a WireError');
      errors++;
    }
    for (const payload of batch.frames) {
      if (payload.length > maxFrameBytes)
        throw new FuzzViolation(`a ${payload.length}-byte frame passed the limit`);
      const decoded = decodeOrWireError(payload);
      if (!(decoded instanceof WireError)) checkStable(decoded);
    }
    if (decoder.bufferedBytes > 8 + maxFrameBytes) throw new FuzzViolation('buffered past one frame');
  }
  if (errors > 1) throw new FuzzViolation(`${errors} fatal errors from one stream`);
}

/** An 8-byte frame header. */
function header(size: number, token = SYNC_TOKEN): Uint8Array {
  const h = new Uint8Array(8);
  const view = new DataView(h.buffer);
  view.setUint32(0, token);
  view.setUint32(4, size);
  return h;
}

/** `depth` lists around `inner`, written back to front into one buffer (no allocation per level). */
export function nestedPayload(depth: number, inner: Uint8Array): Uint8Array {
  const out = new Uint8Array(inner.length + depth * 5);
  let start = out.length - inner.length;
  out.set(inner, start);
  for (let i = 0; i < depth; i++) {
    const length = out.length - start;
    if (length < 56) {
      out[--start] = 0xc0 + length;
      continue;
    }
    let n = 0;
    for (let v = length; v > 0; v >>>= 8) out[start - ++n] = v & 0xff;
    start -= n;
    out[--start] = 0xf7 + n;
  }
  return out.subarray(start);
}

/** `[command, x, x, …]` with `n` one-byte items, written directly. */
export function flatPayload(command: number, n: number, item = 0x01): Uint8Array {
  const body = 1 + n;
  const len = encodeUint(body);
  const out = new Uint8Array(1 + len.length + body).fill(item);
  out[0] = 0xf7 + len.length;
  out.set(len, 1);
  out[1 + len.length] = command;
  return out;
}

function expectCode(result: Message | WireError, codes: readonly string[], what: string): void {
  if (!(result instanceof WireError) || !codes.includes(result.code)) {
    const got = result instanceof WireError ? result.code : `a ${result.command} message`;
    throw new FuzzViolation(`${what}: expected ${codes.join(' or ')}, got ${got}`);
  }
}

const cutsArb = fc.array(fc.nat(), { maxLength: 8 });

/** Every target; `realFrames()` reads the shared vectors once. */
export function fuzzTargets(): FuzzTarget[] {
  const corpus = realFrames();
  const frameArb = validFrameArb(corpus);
  const targets = [
    {
      name: 'frame-stream',
      description: 'valid frames, frames with random sizes and pure noise, split at random points',
      weight: 3,
      arbitrary: fc.tuple(
        fc.array(
          fc.oneof(
            frameArb,
            fc.tuple(fc.nat(96), fc.uint8Array({ maxLength: 96 })).map(([size, body]) => {
              const f = new Uint8Array(8 + body.length);
              f.set(header(size));
              f.set(body, 8);
              return f;
            }),
            fc.uint8Array({ maxLength: 48 }),
          ),
          { maxLength: 6 },
        ),
        cutsArb,
        fc.constantFrom(64, 1024, MAX_FRAME_BYTES),
      ),
      check: ([pieces, cuts, max]: [Uint8Array[], number[], number]) =>
        checkStream(Buffer.concat(pieces), cuts, max),
    },
    {
      name: 'payload-noise',
      description: 'random bytes as a payload',
      weight: 2,
      arbitrary: fc.uint8Array({ maxLength: 256 }),
      check: (payload: Uint8Array) => {
        const r = decodeOrWireError(payload);
        if (!(r instanceof WireError)) checkStable(r);
      },
    },
    {
      name: 'command-shaped',
      description: '[real command id, random RLP items]: reaches every per-command decoder',
      weight: 2,
      arbitrary: commandShapedPayloadArb,
      check: (payload: Uint8Array) => {
        const r = decodeOrWireError(payload);
        if (!(r instanceof WireError)) checkStable(r);
      },
    },
    {
      name: 'mutated-byte',
      description: 'a valid frame (generated or from the cpp-ethereum capture) with one byte changed',
      weight: 3,
      arbitrary: fc.tuple(frameArb, fc.nat(), fc.integer({ min: 1, max: 255 }), cutsArb),
      check: ([frame, at, xor, cuts]: [Uint8Array, number, number, number[]]) => {
        const mutated = frame.slice();
        const i = at % mutated.length;
        mutated[i] = mutated[i]! ^ xor;
        checkStream(mutated, cuts, MAX_FRAME_BYTES);
      },
    },
    {
      name: 'truncated',
      description: 'a valid payload cut short (its list header claims more): always WIRE_BAD_RLP',
      weight: 2,
      arbitrary: fc.tuple(
        fc.oneof(messageArb.map(encodeMessage), fc.constantFrom(...corpus.map((f) => f.subarray(8)))),
        fc.nat(),
      ),
      check: ([payload, at]: [Uint8Array, number]) => {
        const cut = payload.subarray(0, at % payload.length);
        expectCode(
          decodeOrWireError(cut),
          [WireErrorCode.BadRlp],
          `payload cut at ${cut.length}/${payload.length}`,
        );
        // As a frame whose header still says the full size, the decoder waits for the rest.
        const frame = Buffer.concat([header(payload.length), cut]);
        const batch = new FrameDecoder().push(frame);
        if (batch.frames.length > 0 || batch.error) throw new FuzzViolation('a truncated frame was not held');
      },
    },
    {
      name: 'huge-lengths',
      description:
        'frame sizes up to 2^32-1 and RLP length headers up to 2^64-1, with a few real bytes after',
      weight: 1,
      arbitrary: fc.tuple(
        fc.oneof(
          fc.constantFrom(2 ** 32 - 1, 2 ** 31, MAX_FRAME_BYTES + 1),
          fc.integer({ min: MAX_FRAME_BYTES + 1, max: 2 ** 32 - 1 }),
        ),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        fc.boolean(),
        fc.uint8Array({ maxLength: 16 }),
      ),
      check: ([size, lengthBytes, list, allOnes, tail]: [number, number, boolean, boolean, Uint8Array]) => {
        const d = new FrameDecoder();
        const batch = d.push(Buffer.concat([header(size), tail]));
        if (batch.error?.code !== WireErrorCode.FrameTooLarge || d.bufferedBytes !== 0) {
          throw new FuzzViolation(`a ${size}-byte frame header was not refused at once`);
        }
        const len = new Uint8Array(lengthBytes).fill(allOnes ? 0xff : 0x7f);
        const rlpHeader = Uint8Array.of((list ? 0xf7 : 0xb7) + lengthBytes, ...len);
        const r = decodeOrWireError(Buffer.concat([rlpHeader, tail]));
        expectCode(
          r,
          [WireErrorCode.BadRlp],
          `an RLP header claiming ${lengthBytes} length bytes of 0x${len[0]!.toString(16)}`,
        );
      },
    },
    {
      name: 'deep-nesting',
      description: 'lists nested 1 to 100,000 deep around a command id: never a stack overflow',
      weight: 1,
      maxRuns: 20_000,
      arbitrary: fc.tuple(
        fc.oneof(
          { arbitrary: fc.integer({ min: 1, max: MAX_RLP_DEPTH + 2 }), weight: 4 },
          { arbitrary: fc.integer({ min: 1, max: 100_000 }), weight: 1 },
        ),
        fc.nat(0x16),
      ),
      check: ([depth, command]: [number, number]) => {
        // Command 0 (Hello) is the empty string, 0x80.
        const r = decodeOrWireError(nestedPayload(depth, Uint8Array.of(command === 0 ? 0x80 : command)));
        if (depth > MAX_RLP_DEPTH) expectCode(r, [WireErrorCode.BadRlp], `${depth} lists deep`);
      },
    },
    {
      name: 'item-bomb',
      description: `a flat list of up to ${2 * MAX_RLP_ITEMS} one-byte items behind a command id`,
      weight: 1,
      maxRuns: 200,
      arbitrary: fc.tuple(
        fc.integer({ min: 0, max: 2 * MAX_RLP_ITEMS }),
        fc.constantFrom(0x11, 0x12, 0x13, 0x14),
      ),
      check: ([n, command]: [number, number]) => {
        const r = decodeOrWireError(flatPayload(command, n));
        if (n + 2 > MAX_RLP_ITEMS) expectCode(r, [WireErrorCode.BadRlp], `${n} items`);
      },
    },
    {
      name: 'round-trip',
      description: 'every valid message decodes to itself (the generators make what the decoders accept)',
      weight: 1,
      arbitrary: messageArb,
      check: (m: Message) => {
        const r = decodeOrWireError(encodeMessage(m));
        if (r instanceof WireError || canonical(r) !== canonical(m))
          throw new FuzzViolation(`a valid ${m.command} did not decode to itself`);
      },
    },
  ];
  return targets as FuzzTarget[];
}

/** Inputs for each target: the total shared by weight, capped where a target says so. */
export function planRuns(targets: readonly FuzzTarget[], total: number): number[] {
  const weight = targets.reduce((a, t) => a + t.weight, 0);
  return targets.map((t) =>
    Math.min(t.maxRuns ?? Infinity, Math.max(1, Math.round((total * t.weight) / weight))),
  );
}
