import { RLP } from '@ethereumjs/rlp';
import { WireError, WireErrorCode, malformed } from './errors';
import { rlpShapeViolation } from './rlpLimits';

/** A decoded RLP value: a byte string or a list of values. */
export type RlpItem = Uint8Array | RlpItem[];

/**
 * RLP-decodes a whole payload; anything that is not exactly one RLP item becomes `WIRE_BAD_RLP`,
 * including nesting too deep for the stack (a hostile payload of a million `0xc1` bytes) and payloads
 * past the item and depth bounds of rlpLimits.ts (refused before anything is allocated).
 */
export function decodeRlp(bytes: Uint8Array): RlpItem {
  const violation = rlpShapeViolation(bytes);
  if (violation !== undefined) throw new WireError({ code: WireErrorCode.BadRlp, reason: violation });
  try {
    // A Buffer's slice() is a view: decode from a plain Uint8Array so byte strings come back as copies
    // that never pin (or alias) the socket's chunk.
    const input = Buffer.isBuffer(bytes)
      ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length)
      : bytes;
    return RLP.decode(input);
  } catch (err: unknown) {
    if (err instanceof WireError) throw err;
    throw new WireError({
      code: WireErrorCode.BadRlp,
      reason: err instanceof Error ? err.message : String(err),
    });
  }
}

export function encodeRlp(item: RlpItem): Uint8Array {
  return RLP.encode(item);
}

export function expectBytes(item: RlpItem | undefined, command: string, field: string): Uint8Array {
  if (item instanceof Uint8Array) return item;
  throw malformed(command, `${field} must be a byte string`);
}

export function expectList(item: RlpItem | undefined, command: string, field: string): RlpItem[] {
  if (Array.isArray(item)) return item;
  throw malformed(command, `${field} must be a list`);
}

export function expectFixedBytes(
  item: RlpItem | undefined,
  length: number,
  command: string,
  field: string,
): Uint8Array {
  const bytes = expectBytes(item, command, field);
  if (bytes.length !== length)
    throw malformed(command, `${field} must be ${length} bytes, got ${bytes.length}`);
  return bytes;
}
