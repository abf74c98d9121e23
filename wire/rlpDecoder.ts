import { WireError, WireErrorCode } from './errors';
import type { RlpItem } from './rlpItem';

/*
 * Strict RLP decoding by offsets, with exactly the rules of @ethereumjs/rlp (which the codec used
 * first and which the tests compare it with): a single byte below 0x80 must not be prefixed, long forms
 * must not have leading zeros in their length nor a length below 56, every item must fit inside its
 * list, and nothing may follow the top item (a frame's RLP must be exactly its payload size, as
 * cpp-ethereum checked). Byte strings are returned as copies, so a decoded message never pins the
 * chunk it came in. Without the intermediate `{data, remainder}` objects and hex length parsing of
 * @ethereumjs/rlp this is faster on the tools/bench mix.
 */

function bad(reason: string): WireError {
  return new WireError({ code: WireErrorCode.BadRlp, reason });
}

/** Reads a long-form length of `k` bytes at `pos`, refusing a leading zero (not canonical). */
function readLength(bytes: Uint8Array, pos: number, k: number, end: number): number {
  if (pos + k > end) throw bad('not enough bytes for the length');
  if (bytes[pos] === 0) throw bad('length has leading zeros');
  let n = 0;
  for (let i = 0; i < k; i++) n = n * 256 + bytes[pos + i]!;
  return n;
}

/** Where the item just decoded ends; set by `decodeAt` (avoids allocating a result pair per item). */
let next = 0;

function decodeAt(bytes: Uint8Array, pos: number, end: number): RlpItem {
  const b = bytes[pos]!;
  if (b <= 0x7f) {
    next = pos + 1;
    return bytes.slice(pos, pos + 1);
  }
  if (b <= 0xb7) {
    const n = b - 0x80;
    const start = pos + 1;
    if (start + n > end) throw bad('string runs past its end');
    if (n === 1 && bytes[start]! < 0x80) throw bad('single byte below 0x80 must not be prefixed');
    next = start + n;
    return bytes.slice(start, start + n);
  }
  if (b <= 0xbf) {
    const k = b - 0xb7;
    const n = readLength(bytes, pos + 1, k, end);
    if (n <= 55) throw bad('long string form used for a short string');
    const start = pos + 1 + k;
    if (start + n > end) throw bad('string runs past its end');
    next = start + n;
    return bytes.slice(start, start + n);
  }
  let start: number;
  let n: number;
  if (b <= 0xf7) {
    n = b - 0xc0;
    start = pos + 1;
  } else {
    const k = b - 0xf7;
    n = readLength(bytes, pos + 1, k, end);
    if (n < 56) throw bad('long list form used for a short list');
    start = pos + 1 + k;
  }
  const stop = start + n;
  if (stop > end) throw bad('list runs past its end');
  const items: RlpItem[] = [];
  let p = start;
  while (p < stop) {
    items.push(decodeAt(bytes, p, stop));
    p = next;
  }
  next = stop;
  return items;
}

/** Decodes exactly one RLP item filling all of `bytes`; an empty input is the empty string. */
export function decodeRlpStrict(input: Uint8Array): RlpItem {
  if (input.length === 0) return new Uint8Array(0);
  // A Buffer's `slice` is a view, not a copy, and slower: read through a plain Uint8Array view.
  const bytes =
    input.constructor === Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.length);
  const item = decodeAt(bytes, 0, bytes.length);
  if (next !== bytes.length) throw bad('bytes left after the item');
  return item;
}
