import { secp256k1 } from '@noble/curves/secp256k1';
import { NODE_ID_BYTES } from '../../wire';

/**
 * A fresh node id: the 64-byte uncompressed secp256k1 public key without its 0x04 prefix (CONTRACT.md §3),
 * so that a target checking ids as keys accepts it. Each case uses its own, so cases never collide.
 */
export function newNodeId(): Uint8Array {
  return secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), false).subarray(1);
}

/** True when the 64 bytes are the coordinates of a point on secp256k1. */
export function isValidNodeId(id: Uint8Array): boolean {
  if (id.length !== NODE_ID_BYTES) return false;
  const uncompressed = new Uint8Array(1 + NODE_ID_BYTES);
  uncompressed[0] = 0x04;
  uncompressed.set(id, 1);
  try {
    secp256k1.Point.fromBytes(uncompressed);
    return true;
  } catch {
    return false;
  }
}
