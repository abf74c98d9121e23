import { FRAME_HEADER_BYTES, SYNC_TOKEN } from './constants';
import type { RlpItem } from './rlpItem';
import { encodeRlp } from './rlpItem';

/** The sync token's four bytes, big-endian. */
const TOKEN = [SYNC_TOKEN >>> 24, (SYNC_TOKEN >>> 16) & 0xff, (SYNC_TOKEN >>> 8) & 0xff, SYNC_TOKEN & 0xff];

/**
 * Writes the sync token and the big-endian payload size into the first FRAME_HEADER_BYTES of `frame`,
 * whose payload is everything after them (no DataView).
 */
export function writeFrameHeader(frame: Uint8Array): Uint8Array {
  const size = frame.length - FRAME_HEADER_BYTES;
  frame[0] = TOKEN[0]!;
  frame[1] = TOKEN[1]!;
  frame[2] = TOKEN[2]!;
  frame[3] = TOKEN[3]!;
  frame[4] = size >>> 24;
  frame[5] = (size >>> 16) & 0xff;
  frame[6] = (size >>> 8) & 0xff;
  frame[7] = size & 0xff;
  return frame;
}

/** Prepends the sync token and the big-endian payload size (one allocation, one copy). */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  frame.set(payload, FRAME_HEADER_BYTES);
  return writeFrameHeader(frame);
}

/** The frame of an RLP structure (@ethereumjs/rlp encodes it; one copy behind the header). */
export function encodeRlpFrame(item: RlpItem): Uint8Array {
  return encodeFrame(encodeRlp(item));
}
