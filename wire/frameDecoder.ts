import { FRAME_HEADER_BYTES, MAX_FRAME_BYTES, SYNC_TOKEN } from './constants';
import type { WireErrorDetail } from './errors';
import { WireError, WireErrorCode } from './errors';

export interface FrameDecoderOptions {
  /** Largest payload accepted; a bigger size in a header is refused before any of the body is buffered. */
  readonly maxFrameBytes?: number;
}

/** What one `push` produced: the whole frames' payloads, and the fatal error if the stream went bad. */
export interface FrameBatch {
  readonly frames: readonly Uint8Array[];
  readonly error: WireError | undefined;
}

const EMPTY_BATCH: FrameBatch = Object.freeze({ frames: Object.freeze([]), error: undefined });
const EMPTY_PAYLOAD = new Uint8Array(0);
/** First allocation for a payload that spans chunks; grows by doubling (amortised linear copying). */
const MIN_ASSEMBLY_BYTES = 256;

/** Big-endian uint32 at `at` (the caller guarantees 4 bytes are there). */
function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

/**
 * Streaming frame decoder. Like ws's receiver and it-length-prefixed, it does no I/O and checks the limit
 * the moment the length is known. A payload that lies inside one chunk is returned as a `subarray` view (no
 * copy); one that spans chunks is assembled in a buffer that grows by doubling up to the announced size, so
 * work is linear in the bytes received whatever the chunking and memory never exceeds twice what the peer
 * actually sent. A TCP stream does not arrive packet by packet (the seed's `rcv_packet` bug).
 * After a fatal error it reports it once and ignores everything that follows.
 *
 * Returned payloads may be views of the pushed chunks: callers must not reuse a chunk's memory.
 */
export class FrameDecoder {
  readonly maxFrameBytes: number;
  /**
   * A header split across chunks, as far as it came; allocated on the first split only. Most chunks hold
   * whole headers, and an idle peer's decoder is kept for as long as it is connected: an 8-byte array for
   * each one cost ~250 B a peer (view, buffer, backing store; tools/bench/heapPerPeer).
   */
  private header: Uint8Array | undefined;
  private headerLength = 0;
  private payloadSize = -1; // -1: reading a header
  private assembly: Uint8Array | undefined;
  private assembled = 0;
  private failed = false;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
  }

  /** Bytes held waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return this.headerLength + this.assembled;
  }

  /** True once the stream produced a fatal error; everything after it is ignored. */
  get hasFailed(): boolean {
    return this.failed;
  }

  push(input: Uint8Array): FrameBatch {
    if (this.failed || input.length === 0) return EMPTY_BATCH;
    // Sockets deliver Buffers, whose subarray is several times slower than a Uint8Array's (node 20) and
    // whose views would leak the Buffer type into messages; a plain view of the same memory costs nothing.
    const chunk =
      input.constructor === Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.length);
    let frames: Uint8Array[] | undefined;
    let pos = 0;
    const end = chunk.length;
    while (pos < end) {
      if (this.assembly !== undefined) {
        const n = Math.min(this.payloadSize - this.assembled, end - pos);
        this.ensureCapacity(this.assembled + n);
        this.assembly.set(chunk.subarray(pos, pos + n), this.assembled);
        this.assembled += n;
        pos += n;
        if (this.assembled < this.payloadSize) break;
        const payload =
          this.assembly.length === this.payloadSize
            ? this.assembly
            : this.assembly.subarray(0, this.payloadSize);
        (frames ??= []).push(payload);
        this.assembly = undefined;
        this.assembled = 0;
        this.payloadSize = -1;
        continue;
      }
      if (this.payloadSize < 0) {
        // The header is read byte by byte: a DataView per frame cost more than the rest of a Ping's framing.
        let head: Uint8Array;
        let at: number;
        if (this.headerLength === 0 && end - pos >= FRAME_HEADER_BYTES) {
          head = chunk;
          at = pos;
          pos += FRAME_HEADER_BYTES;
        } else {
          const n = Math.min(FRAME_HEADER_BYTES - this.headerLength, end - pos);
          const header = (this.header ??= new Uint8Array(FRAME_HEADER_BYTES));
          header.set(chunk.subarray(pos, pos + n), this.headerLength);
          this.headerLength += n;
          pos += n;
          if (this.headerLength < FRAME_HEADER_BYTES) break;
          this.headerLength = 0;
          head = header;
          at = 0;
        }
        const token = readUint32(head, at);
        if (token !== SYNC_TOKEN) return this.fail(frames, { code: WireErrorCode.BadSyncToken, got: token });
        const size = readUint32(head, at + 4);
        if (size > this.maxFrameBytes) {
          return this.fail(frames, { code: WireErrorCode.FrameTooLarge, size, max: this.maxFrameBytes });
        }
        if (size === 0) {
          (frames ??= []).push(EMPTY_PAYLOAD);
          continue;
        }
        this.payloadSize = size;
        if (pos === end) break;
      }
      if (end - pos >= this.payloadSize) {
        (frames ??= []).push(chunk.subarray(pos, pos + this.payloadSize));
        pos += this.payloadSize;
        this.payloadSize = -1;
        continue;
      }
      this.assembly = new Uint8Array(
        Math.min(this.payloadSize, Math.max(MIN_ASSEMBLY_BYTES, 2 * (end - pos))),
      );
    }
    return frames ? { frames, error: undefined } : EMPTY_BATCH;
  }

  private ensureCapacity(needed: number): void {
    const current = this.assembly!;
    if (needed <= current.length) return;
    const grown = new Uint8Array(Math.min(this.payloadSize, Math.max(needed, current.length * 2)));
    grown.set(current.subarray(0, this.assembled));
    this.assembly = grown;
  }

  private fail(frames: Uint8Array[] | undefined, detail: WireErrorDetail): FrameBatch {
    this.failed = true;
    this.assembly = undefined;
    this.assembled = 0;
    this.headerLength = 0;
    return { frames: frames ?? [], error: new WireError(detail) };
  }
}
