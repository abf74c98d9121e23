import { FRAME_HEADER_BYTES, SYNC_TOKEN } from './constants';
import type { RlpItem } from './rlpItem';
import { encodeRlp } from './rlpItem';

/** Prepends the sync token and the big-endian payload size (one allocation, one copy). */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  const view = new DataView(frame.buffer);
  view.setUint32(0, SYNC_TOKEN);
  view.setUint32(4, payload.length);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/** The frame of an RLP structure (@ethereumjs/rlp encodes it; one copy behind the header). */
export function encodeRlpFrame(item: RlpItem): Uint8Array {
  return encodeFrame(encodeRlp(item));
}
