import { FRAME_HEADER_BYTES, SYNC_TOKEN } from './constants';
import { encodeRlpWithHeadroom } from './rlpEncoder';
import type { RlpItem } from './rlpItem';

/** Prepends the sync token and the big-endian payload size (one allocation, one copy). */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  const view = new DataView(frame.buffer);
  view.setUint32(0, SYNC_TOKEN);
  view.setUint32(4, payload.length);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/** The frame of an RLP structure, encoded in place after its header (no copy of the payload). */
export function encodeRlpFrame(item: RlpItem): Uint8Array {
  const frame = encodeRlpWithHeadroom(item, FRAME_HEADER_BYTES);
  const view = new DataView(frame.buffer, frame.byteOffset, FRAME_HEADER_BYTES);
  view.setUint32(0, SYNC_TOKEN);
  view.setUint32(4, frame.length - FRAME_HEADER_BYTES);
  return frame;
}
