import {
  FrameDecoder,
  MAX_FRAME_BYTES,
  SYNC_TOKEN,
  WireError,
  WireErrorCode,
  decodeMessage,
  encodeFrame,
} from '../../../wire';
import { loadSeedHellos, loadSession, toHex } from '../../helpers/vectors';

/** Every real frame we have: the session with cpp-ethereum v0.3.11 and the seed's two Hellos. */
const seed = loadSeedHellos();
const realFrames: ReadonlyArray<readonly [string, Uint8Array]> = [
  ...loadSession().map(
    (f, i) => [`session #${i + 1} ${f.dir} ${f.cmd} (${f.frame.length} bytes)`, f.frame] as const,
  ),
  ['seed cpp-ethereum Hello', seed.cpp.frame],
  ['seed pyethereum Hello', seed.py.frame],
];

function header(size: number, token = SYNC_TOKEN): Uint8Array {
  const h = new Uint8Array(8);
  const v = new DataView(h.buffer);
  v.setUint32(0, token);
  v.setUint32(4, size);
  return h;
}

const hexes = (frames: readonly Uint8Array[]): string[] => frames.map(toHex);

describe('FrameDecoder on real frames', () => {
  it.each(realFrames)('%s fed whole yields its payload', (_name, frame) => {
    const d = new FrameDecoder();
    const { frames, error } = d.push(frame);
    expect(error).toBeUndefined();
    expect(hexes(frames)).toEqual([toHex(frame.subarray(8))]);
    expect(d.bufferedBytes).toBe(0);
  });

  it.each(realFrames)(
    '%s split at 1, 3, 4, 7, 8, 9 and len−1 bytes yields its payload once',
    (_name, frame) => {
      for (const at of [1, 3, 4, 7, 8, 9, frame.length - 1]) {
        const d = new FrameDecoder();
        const first = d.push(frame.slice(0, at));
        expect(first).toEqual({ frames: [], error: undefined });
        // A header fragment is held as bytes; a parsed header only as its size, then the body bytes.
        expect(d.bufferedBytes).toBe(at < 8 ? at : at - 8);
        const second = d.push(frame.slice(at));
        expect(second.error).toBeUndefined();
        expect(hexes(second.frames)).toEqual([toHex(frame.subarray(8))]);
        expect(d.bufferedBytes).toBe(0);
      }
    },
  );

  it.each(realFrames)('%s fed byte by byte yields its payload on the last byte only', (_name, frame) => {
    const d = new FrameDecoder();
    for (let i = 0; i < frame.length - 1; i++) {
      expect(d.push(frame.slice(i, i + 1)).frames).toHaveLength(0);
    }
    const last = d.push(frame.slice(frame.length - 1));
    expect(last.error).toBeUndefined();
    expect(hexes(last.frames)).toEqual([toHex(frame.subarray(8))]);
  });

  it('yields all the frames sent back to back in one chunk, in order', () => {
    const all = realFrames.map(([, f]) => f);
    const { frames, error } = new FrameDecoder().push(Buffer.concat([...all, ...all]));
    expect(error).toBeUndefined();
    expect(hexes(frames)).toEqual([...all, ...all].map((f) => toHex(f.subarray(8))));
    expect(frames.map((p) => decodeMessage(p).command)).toHaveLength(2 * all.length);
  });

  it('yields the frames when a chunk ends mid-frame and the next carries the rest and more frames', () => {
    const all = realFrames.map(([, f]) => f);
    const stream = Buffer.concat(all);
    const d = new FrameDecoder();
    const got: Uint8Array[] = [];
    for (let at = 0; at < stream.length; at += 100) {
      const batch = d.push(stream.subarray(at, at + 100));
      expect(batch.error).toBeUndefined();
      got.push(...batch.frames.map((p) => Uint8Array.from(p)));
    }
    expect(hexes(got)).toEqual(all.map((f) => toHex(f.subarray(8))));
  });

  it('reads a Buffer chunk (as a socket delivers it) and returns plain Uint8Array payloads', () => {
    const all = realFrames.map(([, f]) => f);
    const { frames, error } = new FrameDecoder().push(Buffer.concat(all));
    expect(error).toBeUndefined();
    expect(frames.map((p) => p.constructor)).toEqual(all.map(() => Uint8Array));
    expect(hexes(frames)).toEqual(all.map((f) => toHex(f.subarray(8))));
  });

  it('yields a zero-size frame as an empty payload (which is then bad RLP, not a decoder error)', () => {
    const { frames, error } = new FrameDecoder().push(header(0));
    expect(error).toBeUndefined();
    expect(frames).toEqual([new Uint8Array(0)]);
    expect(() => decodeMessage(frames[0]!)).toThrow(WireError);
  });

  it('ignores an empty chunk', () => {
    const d = new FrameDecoder();
    expect(d.push(new Uint8Array(0))).toEqual({ frames: [], error: undefined });
    expect(d.bufferedBytes).toBe(0);
  });
});

describe('FrameDecoder limits and fatal errors', () => {
  it('refuses a size above maxFrameBytes from the header alone, before any of the body arrives', () => {
    const d = new FrameDecoder({ maxFrameBytes: 100 });
    const { frames, error } = d.push(header(101));
    expect(frames).toEqual([]);
    expect(error?.code).toBe(WireErrorCode.FrameTooLarge);
    expect(error?.detail).toEqual({ code: WireErrorCode.FrameTooLarge, size: 101, max: 100 });
    expect(d.bufferedBytes).toBe(0);
  });

  it('refuses a size above the default 16 MiB limit when the header comes in two pieces', () => {
    const d = new FrameDecoder();
    expect(d.maxFrameBytes).toBe(MAX_FRAME_BYTES);
    const h = header(MAX_FRAME_BYTES + 1);
    expect(d.push(h.slice(0, 5)).error).toBeUndefined();
    expect(d.push(h.slice(5)).error?.code).toBe(WireErrorCode.FrameTooLarge);
  });

  it('accepts a payload of exactly maxFrameBytes', () => {
    const payload = new Uint8Array(100).fill(7);
    const { frames, error } = new FrameDecoder({ maxFrameBytes: 100 }).push(encodeFrame(payload));
    expect(error).toBeUndefined();
    expect(frames).toEqual([payload]);
  });

  it('refuses a bad sync token with WIRE_BAD_SYNC_TOKEN and names what came', () => {
    const { frames, error } = new FrameDecoder().push(header(2, 0x22400892));
    expect(frames).toEqual([]);
    expect(error?.code).toBe(WireErrorCode.BadSyncToken);
    expect(error?.detail).toEqual({ code: WireErrorCode.BadSyncToken, got: 0x22400892 });
  });

  it('does not resync after garbage: a good frame that follows a bad token is never read', () => {
    const good = realFrames[2]![1];
    const d = new FrameDecoder();
    const batch = d.push(Buffer.concat([Uint8Array.of(0x00), good, good]));
    expect(batch.frames).toEqual([]);
    expect(batch.error?.code).toBe(WireErrorCode.BadSyncToken);
    expect(d.push(good)).toEqual({ frames: [], error: undefined });
  });

  it('returns the frames decoded before the error in the same chunk, with the error', () => {
    const [a, b] = [realFrames[1]![1], realFrames[2]![1]];
    const d = new FrameDecoder();
    const batch = d.push(Buffer.concat([a, b, header(3, 0xdeadbeef), Uint8Array.of(0xc1, 0x02)]));
    expect(hexes(batch.frames)).toEqual([toHex(a.subarray(8)), toHex(b.subarray(8))]);
    expect(batch.error?.code).toBe(WireErrorCode.BadSyncToken);
  });

  it('returns the frames before a too-large header in the same chunk, with the error', () => {
    const a = realFrames[2]![1];
    const batch = new FrameDecoder({ maxFrameBytes: 64 }).push(Buffer.concat([a, header(65)]));
    expect(hexes(batch.frames)).toEqual([toHex(a.subarray(8))]);
    expect(batch.error?.code).toBe(WireErrorCode.FrameTooLarge);
  });

  it('reports a fatal error once; every later push returns nothing and it stays failed', () => {
    const d = new FrameDecoder();
    const first = d.push(header(2, 0));
    expect(first.error).toBeInstanceOf(WireError);
    expect(d.hasFailed).toBe(true);
    for (const chunk of [realFrames[0]![1], header(2, 0), Uint8Array.of(1, 2, 3)]) {
      expect(d.push(chunk)).toEqual({ frames: [], error: undefined });
    }
    expect(d.bufferedBytes).toBe(0);
    expect(d.hasFailed).toBe(true);
  });

  it('drops what it held when it fails mid-stream', () => {
    const d = new FrameDecoder({ maxFrameBytes: 1000 });
    d.push(header(500).slice(0, 6));
    expect(d.bufferedBytes).toBe(6);
    expect(d.push(Uint8Array.of(0xff, 0xff)).error?.code).toBe(WireErrorCode.FrameTooLarge);
    expect(d.bufferedBytes).toBe(0);
  });
});
