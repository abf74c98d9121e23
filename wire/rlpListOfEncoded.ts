/*
 * An RLP list written over items that are already RLP-encoded. @ethereumjs/rlp takes only values to encode
 * (`RLP.encode(x)` of a Uint8Array writes it as one byte string), so splicing stored encodings into a list
 * needs the list header written here. The rule is the Yellow Paper's (and RLP.encode's): a payload under 56
 * bytes gets `0xc0 + length`; a longer one gets `0xf7 + n` and its length in n big-endian bytes.
 * __tests__/unit/wire/rlpListOfEncoded.test.ts checks it against RLP.encode.
 */

/** Payloads shorter than this take a one-byte list header. */
const SHORT_LIST_MAX_BYTES = 55;

/** Bytes of the list header in front of a payload of `payloadBytes`. */
function listHeaderBytes(payloadBytes: number): number {
  if (payloadBytes <= SHORT_LIST_MAX_BYTES) return 1;
  let n = 0;
  for (let v = payloadBytes; v > 0; v = Math.floor(v / 256)) n++;
  return 1 + n;
}

/**
 * The RLP list of `items`, each already an RLP encoding, with `headroom` zero bytes left in front (for a
 * frame header): one allocation and one copy per item. The items are trusted to be whole encodings.
 */
export function rlpListOfEncoded(items: readonly Uint8Array[], headroom = 0): Uint8Array {
  let payloadBytes = 0;
  for (const item of items) payloadBytes += item.length;
  const header = listHeaderBytes(payloadBytes);
  const out = new Uint8Array(headroom + header + payloadBytes);
  let at = headroom;
  if (header === 1) out[at++] = 0xc0 + payloadBytes;
  else {
    out[at++] = 0xf7 + header - 1;
    for (let shift = header - 2; shift >= 0; shift--)
      out[at++] = Math.floor(payloadBytes / 256 ** shift) & 0xff;
  }
  for (const item of items) {
    out.set(item, at);
    at += item.length;
  }
  return out;
}
