import { secp256k1 } from '@noble/curves/secp256k1';
import type { Store } from '../store/store';
import { StoreKey } from '../store/store';
import { StoreError, StoreErrorCode } from '../store/storeError';

/** The node's identity: a secp256k1 private key kept in the store, and the node id derived from it. */
export interface NodeKey {
  readonly privateKey: Uint8Array;
  /** CONTRACT.md §3: the 64-byte uncompressed public key, without its 0x04 prefix. */
  readonly nodeId: Uint8Array;
}

/** The node id of a private key. */
export function nodeIdFromPrivateKey(privateKey: Uint8Array): Uint8Array {
  return secp256k1.getPublicKey(privateKey, false).slice(1);
}

/**
 * Loads the node key from `store` (`node:key`), or creates one and stores it, so the node keeps its id
 * across restarts. `randomKey` is injectable for tests. A stored value that is not a valid private key
 * is an error, not a reason to make a new identity silently.
 * @throws StoreError STORE_CORRUPT for an invalid stored key
 */
export async function loadOrCreateNodeKey(
  store: Store,
  randomKey: () => Uint8Array = () => secp256k1.utils.randomSecretKey(),
): Promise<NodeKey> {
  const stored = await store.get(StoreKey.nodeKey);
  if (stored !== undefined) {
    if (stored.length !== 32 || !secp256k1.utils.isValidSecretKey(stored)) {
      throw new StoreError({
        code: StoreErrorCode.Corrupt,
        key: StoreKey.nodeKey,
        reason: `not a secp256k1 private key (${stored.length} bytes)`,
      });
    }
    const privateKey = stored.slice();
    return { privateKey, nodeId: nodeIdFromPrivateKey(privateKey) };
  }
  const privateKey = randomKey().slice();
  if (privateKey.length !== 32 || !secp256k1.utils.isValidSecretKey(privateKey)) {
    throw new RangeError('randomKey did not return a valid secp256k1 private key');
  }
  await store.write([{ type: 'put', key: StoreKey.nodeKey, value: privateKey }]);
  return { privateKey, nodeId: nodeIdFromPrivateKey(privateKey) };
}
