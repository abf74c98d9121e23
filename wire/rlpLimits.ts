/**
 * Bounds on the shape of one RLP payload, checked by a scan of its headers before anything is allocated.
 *
 * Why: a frame may hold 16 MiB (MAX_FRAME_BYTES), and decoding turns every item into its own object. A
 * payload of 16 million one-byte items took @ethereumjs/rlp ~50 s and ~4 GB before the message decoder
 * could even refuse it (measured for RELIABILITY.md: 4 M items, 12 s and 1.2 GB RSS) — one hostile frame,
 * sent before Hello, would stall or kill the node. The largest message a 2014 client sends is far below
 * both bounds: its whole transaction queue (ours holds at most 4096 transactions of ~8 items plus data)
 * or 32 blocks (c_maxBlocks); the deepest is Blocks → block → transactions → tx → data → item (6 levels).
 */

/** Items (strings and lists, the payload's own list included) one payload may hold. */
export const MAX_RLP_ITEMS = 1 << 18;
/** Lists nested inside each other at most; the protocol needs 6. */
export const MAX_RLP_DEPTH = 32;

/** Reads a big-endian length of `n` bytes at `at`; may exceed 2^53 for absurd headers (then > any input). */
function readLength(bytes: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + (bytes[at + i] ?? 0);
  return v;
}

/**
 * Why `bytes` is too big a structure to decode, or undefined. Walks the headers only (no recursion, no
 * allocation past a stack of at most MAX_RLP_DEPTH list ends), so it costs microseconds per megabyte of
 * long strings and ~3 ns per item. Malformed RLP is left to the decoder, which gives the verdict for it.
 */
export function rlpShapeViolation(bytes: Uint8Array): string | undefined {
  const ends: number[] = [];
  const n = bytes.length;
  let pos = 0;
  let items = 0;
  while (pos < n) {
    while (ends.length > 0 && pos >= ends[ends.length - 1]!) ends.pop();
    const b = bytes[pos]!;
    if (++items > MAX_RLP_ITEMS) return `more than ${MAX_RLP_ITEMS} items`;
    if (b < 0x80) {
      pos += 1;
    } else if (b <= 0xb7) {
      pos += 1 + (b - 0x80);
    } else if (b <= 0xbf) {
      const ll = b - 0xb7;
      pos += 1 + ll + readLength(bytes, pos + 1, ll);
    } else {
      const ll = b <= 0xf7 ? 0 : b - 0xf7;
      const length = b <= 0xf7 ? b - 0xc0 : readLength(bytes, pos + 1, ll);
      pos += 1 + ll;
      ends.push(pos + length);
      if (ends.length > MAX_RLP_DEPTH) return `lists nested deeper than ${MAX_RLP_DEPTH}`;
    }
  }
  return undefined;
}
