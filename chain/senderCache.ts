import type { Transaction } from '../wire';
import { ChainError } from './errors';
import { validateTransaction } from './validateTransaction';

/** Transactions whose verdict is remembered; one of the 2014 clients' queues is at most a few thousand. */
export const SENDER_CACHE_CAPACITY = 16_384;

/**
 * Remembers the verdict of `validateTransaction` by transaction hash: recovering a secp256k1 key costs
 * ~0.3 ms (libsecp256k1 as WASM), and the same signed bytes always give the same answer. Shared by every
 * node in the process, so the in-process simulator pays once per transaction rather than once per node;
 * bounded, oldest first out.
 */
export class SenderCache {
  private readonly verdicts = new Map<string, Uint8Array | ChainError>();

  constructor(readonly capacity: number = SENDER_CACHE_CAPACITY) {}

  /**
   * The sender's address, from the cache or by validating `tx` (whose hash is `hashHex`).
   * @throws ChainError as validateTransaction does (also when the failure was remembered)
   */
  sender(tx: Transaction, hashHex: string): Uint8Array {
    let verdict = this.verdicts.get(hashHex);
    if (verdict === undefined) {
      try {
        verdict = validateTransaction(tx);
      } catch (err: unknown) {
        if (!(err instanceof ChainError)) throw err;
        verdict = err;
      }
      this.verdicts.set(hashHex, verdict);
      if (this.verdicts.size > this.capacity) {
        const oldest = this.verdicts.keys().next();
        if (!oldest.done) this.verdicts.delete(oldest.value);
      }
    }
    if (verdict instanceof ChainError) throw verdict;
    return verdict;
  }

  get size(): number {
    return this.verdicts.size;
  }
}

/** The process-wide cache the node's chain-manager actors use. */
export const sharedSenderCache = new SenderCache();
