/**
 * The persistence interface the node's parts write through: namespaced keys, byte values, atomic
 * batches. `LevelStore` (classic-level, under `--data-dir`) is the real one; `MemoryStore` serves tests
 * and the simulator. A crash at any moment leaves everything up to the last completed `write`.
 */

export type StoreOperation =
  | { readonly type: 'put'; readonly key: string; readonly value: Uint8Array }
  | { readonly type: 'del'; readonly key: string };

export interface Store {
  get(key: string): Promise<Uint8Array | undefined>;
  /** Every entry whose key starts with `prefix`, in key order (used to load tables at start-up). */
  entries(prefix: string): Promise<Array<readonly [string, Uint8Array]>>;
  /** Applies all operations atomically (one LevelDB batch). */
  write(operations: readonly StoreOperation[]): Promise<void>;
  close(): Promise<void>;
}

/** Key namespaces, one per table, so that tables never collide. */
export const StoreKey = {
  nodeKey: 'node:key',
  knownPeer: (id: string) => `peer:${id}`,
  knownPeerPrefix: 'peer:',
  pooledTransaction: (hashHex: string) => `tx:${hashHex}`,
  pooledTransactionPrefix: 'tx:',
  block: (hashHex: string) => `block:${hashHex}`,
  blockPrefix: 'block:',
  head: 'chain:head',
} as const;
