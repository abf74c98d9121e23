import { keccak_256 } from '@noble/hashes/sha3';
import type { Store } from '../store/store';
import { StoreKey } from '../store/store';
import type { RlpItem, Transaction } from '../wire';
import { toHex } from './blockHash';
import { KnownHashes } from './knownHashes';
import {
  decodeRlp,
  decodeUintLenient,
  encodeRlp,
  encodeUint,
  transactionFromRlp,
  transactionToRlp,
} from '../wire';

/** Pool bound; past it the oldest transaction goes. */
export const DEFAULT_MAX_POOLED_TRANSACTIONS = 4096;
/** Hashes remembered per peer as known to it; past it the oldest are forgotten. */
export const DEFAULT_MAX_KNOWN_PER_PEER = 4096;

export interface TransactionPoolOptions {
  readonly maxTransactions?: number;
  readonly maxKnownPerPeer?: number;
}

/** A pooled transaction with its identity: Keccak-256 of its RLP. */
export interface PooledTransaction {
  readonly hash: Uint8Array;
  readonly hashHex: string;
  readonly tx: Transaction;
  /** The transaction's RLP, as it goes on the wire. */
  readonly rlp: Uint8Array;
}

export interface PoolLoadReport {
  readonly loaded: number;
  /** Unreadable records, records whose key is not their hash, and the oldest past the bound. */
  readonly dropped: number;
}

interface Entry extends PooledTransaction {
  /** Insertion sequence number: the store's key order is by hash, this restores the age order. */
  readonly seq: number;
}

/**
 * The stored entry, written field by field: V8 gave each `{ ...pooled, seq }` its own hidden class, which made
 * every read of an entry megamorphic (seen once in session 2 with `%HaveSameMap` in a script not kept: 4,083
 * maps for 4,096 entries, and mapping a full pool's entries to their transactions ~0.5 ms instead of ~20 µs).
 */
function entryOf(p: PooledTransaction, seq: number): Entry {
  return { hash: p.hash, hashHex: p.hashHex, tx: p.tx, rlp: p.rlp, seq };
}

/**
 * Entries already built, by transaction object. A relayed Transactions frame is decoded once for all its
 * receivers (actors/connectionActions.ts), so in one process (the simulator: 1,000 nodes) the same object
 * reaches several chain managers; each after the first gets the entry without encoding and hashing it again
 * (Keccak was 14% of the simulator's CPU). Safe because a Transaction is never written after decoding
 * (readonly fields; its `to` bytes are a view nobody writes into). Weak: gone with the transaction.
 */
const entries = new WeakMap<Transaction, PooledTransaction>();

/** Builds the pool entry of a transaction (its RLP and hash), once per transaction object. */
export function pooledTransaction(tx: Transaction): PooledTransaction {
  let pooled = entries.get(tx);
  if (pooled === undefined) {
    const rlp = encodeRlp(transactionToRlp(tx));
    const hash = keccak_256(rlp);
    pooled = { hash, hashHex: toHex(hash), tx, rlp };
    entries.set(tx, pooled);
  }
  return pooled;
}

/**
 * The transaction queue of the node, with cpp-ethereum's relay bookkeeping: a per-peer set of hashes
 * the peer is known to have (it sent them, or we sent them to it), so that each new transaction goes to
 * each other active peer once and never back to its sender. Signatures are checked by the chain code
 * before `add`; this is only the pool.
 *
 * Persistence is batched: after `load(store)` every change marks its record and `flush()` writes them in
 * one batch (`tx:<hash>` → RLP `[seq, tx]`). The per-peer sets are not stored: connections do not survive
 * a restart.
 */
export class TransactionPool<Peer = number> {
  private readonly txs = new Map<string, Entry>();
  private readonly known = new Map<Peer, KnownHashes>();
  private readonly pending = new Set<string>();
  private nextSeq = 0;
  private store: Store | undefined;
  private tail: Promise<void> = Promise.resolve();
  private readonly max: number;
  private readonly maxKnown: number;

  constructor(options: TransactionPoolOptions = {}) {
    this.max = options.maxTransactions ?? DEFAULT_MAX_POOLED_TRANSACTIONS;
    this.maxKnown = options.maxKnownPerPeer ?? DEFAULT_MAX_KNOWN_PER_PEER;
  }

  get size(): number {
    return this.txs.size;
  }

  /** Records changed since the last flush (0 without a store). */
  get pendingWrites(): number {
    return this.pending.size;
  }

  has(hashHex: string): boolean {
    return this.txs.has(hashHex);
  }

  /**
   * Adds what is new, oldest evicted past the bound, and returns the new ones (duplicates, already
   * pooled or repeated in `txs`, are dropped). `fromPeer` is marked as knowing every one of them.
   * A transaction given as its pool entry (`pooledTransaction`, e.g. built by a caller that needed the
   * hash first) is taken as it is: each received transaction is encoded and hashed once.
   */
  add(txs: readonly (Transaction | PooledTransaction)[], fromPeer?: Peer): PooledTransaction[] {
    const added: PooledTransaction[] = [];
    for (const tx of txs) {
      const pooled = 'hashHex' in tx ? tx : pooledTransaction(tx);
      if (fromPeer !== undefined) this.markKnown(fromPeer, pooled.hashHex);
      if (this.txs.has(pooled.hashHex)) continue;
      this.txs.set(pooled.hashHex, entryOf(pooled, this.nextSeq++));
      this.touch(pooled.hashHex);
      added.push(pooled);
      if (this.txs.size > this.max) this.evictOldest();
    }
    return added;
  }

  /**
   * The active peers that do not know `tx` yet: send it to exactly these. They are marked as knowing it
   * now, so that a second call (or the next new transaction's relay) never sends it to them again.
   */
  relayTargets(tx: Transaction | PooledTransaction, activePeers: Iterable<Peer>): Peer[] {
    const hashHex = 'hashHex' in tx ? tx.hashHex : pooledTransaction(tx).hashHex;
    const targets: Peer[] = [];
    for (const peer of activePeers) {
      if (this.knownBy(peer).add(hashHex)) targets.push(peer);
    }
    return targets;
  }

  /** `peer` has this transaction (e.g. we answered its GetTransactions with the whole pool). */
  markKnown(peer: Peer, txHash: Uint8Array | string): void {
    this.knownBy(peer).add(typeof txHash === 'string' ? txHash : toHex(txHash));
  }

  private knownBy(peer: Peer): KnownHashes {
    let set = this.known.get(peer);
    if (!set) this.known.set(peer, (set = new KnownHashes(this.maxKnown)));
    return set;
  }

  /** The peer is gone: its known set goes with it. */
  forgetPeer(peer: Peer): void {
    this.known.delete(peer);
  }

  /** Every pooled transaction, oldest first: the answer to GetTransactions. */
  all(): Transaction[] {
    return [...this.txs.values()].map((e) => e.tx);
  }

  /** Every pool entry (transaction, hash and RLP as stored), oldest first: GetTransactions without rehashing. */
  entries(): PooledTransaction[] {
    return [...this.txs.values()];
  }

  /** Drops transactions (e.g. included in a block of the best chain); returns how many were pooled. */
  remove(txs: readonly Transaction[]): number {
    let removed = 0;
    for (const tx of txs) {
      const { hashHex } = pooledTransaction(tx);
      if (this.txs.delete(hashHex)) {
        this.touch(hashHex);
        removed++;
      }
    }
    return removed;
  }

  /** Reads the stored pool back in its age order and keeps `store` for later flushes. */
  async load(store: Store): Promise<PoolLoadReport> {
    this.store = store;
    const rows = await store.entries(StoreKey.pooledTransactionPrefix);
    const stored: Entry[] = [];
    let dropped = 0;
    for (const [key, value] of rows) {
      const hashHex = key.slice(StoreKey.pooledTransactionPrefix.length);
      const entry = decodeRecord(hashHex, value);
      if (entry && !this.txs.has(hashHex)) stored.push(entry);
      else {
        dropped++;
        this.pending.add(hashHex);
      }
    }
    stored.sort((a, b) => a.seq - b.seq);
    // Stored ones are older than anything added before the load: they go first.
    const newer = [...this.txs.values()];
    this.txs.clear();
    for (const e of stored) this.txs.set(e.hashHex, e);
    this.nextSeq = Math.max(this.nextSeq, (stored[stored.length - 1]?.seq ?? -1) + 1);
    for (const e of newer) {
      this.txs.set(e.hashHex, entryOf(e, this.nextSeq++));
      this.pending.add(e.hashHex);
    }
    let evicted = 0;
    while (this.txs.size > this.max) {
      this.evictOldest();
      evicted++;
    }
    return { loaded: Math.max(0, stored.length - evicted), dropped: dropped + evicted };
  }

  /** Writes every change since the last flush in one batch, after any batch still being written. */
  flush(): Promise<void> {
    const store = this.store;
    if (!store || this.pending.size === 0) return this.tail;
    const hashes = [...this.pending];
    this.pending.clear();
    const ops = hashes.map((hashHex) => {
      const e = this.txs.get(hashHex);
      return e
        ? { type: 'put' as const, key: StoreKey.pooledTransaction(hashHex), value: encodeRecord(e) }
        : { type: 'del' as const, key: StoreKey.pooledTransaction(hashHex) };
    });
    const done = this.tail.then(() => store.write(ops));
    // A failed batch leaves its records pending, so the next flush writes them (in their state then).
    this.tail = done.catch(() => hashes.forEach((h) => this.pending.add(h)));
    return done;
  }

  private evictOldest(): void {
    const oldest = this.txs.keys().next();
    if (oldest.done) return;
    this.txs.delete(oldest.value);
    this.touch(oldest.value);
  }

  private touch(hashHex: string): void {
    if (this.store) this.pending.add(hashHex);
  }
}

function encodeRecord(e: Entry): Uint8Array {
  return encodeRlp([encodeUint(e.seq), transactionToRlp(e.tx)]);
}

/** A stored record, or undefined when it does not decode or its transaction does not hash to its key. */
function decodeRecord(hashHex: string, value: Uint8Array): Entry | undefined {
  let item: RlpItem;
  let tx: Transaction;
  let seq: number;
  try {
    item = decodeRlp(value);
    if (!Array.isArray(item) || item.length !== 2 || !(item[0] instanceof Uint8Array)) return undefined;
    seq = decodeUintLenient(item[0], 'record', 'seq', 6);
    tx = transactionFromRlp(item[1], 'record');
  } catch {
    return undefined;
  }
  const pooled = pooledTransaction(tx);
  return pooled.hashHex === hashHex ? entryOf(pooled, seq) : undefined;
}
