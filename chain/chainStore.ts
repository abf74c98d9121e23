import { keccak_256 } from '@noble/hashes/sha3';
import type { Store, StoreOperation } from '../store/store';
import { StoreKey } from '../store/store';
import type { BlockHeader, RlpItem } from '../wire';
import { blockFromRlp, decodeBigUintCanonical, decodeRlp, encodeRlp, encodeUint } from '../wire';
import { toHex } from './blockHash';
import type { BlockTree } from './blockTree';
import type { CandidateBlock, TreeEntry } from './candidateBlock';
import { ChainError, ChainErrorCode } from './errors';

/** What a start-up load found. */
export interface ChainLoadReport {
  /** Blocks put back into the tree. */
  readonly restored: number;
  /** Stored blocks that do not descend from our genesis (e.g. a data directory of another `--genesis`); left as they are. */
  readonly unlinked: number;
}

interface StoredBlock {
  readonly candidate: CandidateBlock;
  readonly height: bigint;
}

function corrupt(key: string, reason: string): ChainError {
  return new ChainError({ code: ChainErrorCode.StoreCorrupt, key, reason });
}

/** Record layout of `block:<hash hex>`: RLP `[block RLP as a byte string, height, total difficulty]`. */
function encodeRecord(entry: TreeEntry): Uint8Array {
  return encodeRlp([entry.rlp, encodeUint(entry.height), encodeUint(entry.totalDifficulty)]);
}

function decodeRecord(key: string, value: Uint8Array): StoredBlock {
  let fields: RlpItem;
  try {
    fields = decodeRlp(value);
  } catch {
    throw corrupt(key, 'record is not RLP');
  }
  const [rlp, height] = Array.isArray(fields) ? fields : [];
  if (!(rlp instanceof Uint8Array) || !(height instanceof Uint8Array))
    throw corrupt(key, 'bad record layout');
  const hash = keccak_256(rlp);
  const hashHex = toHex(hash);
  if (key !== StoreKey.block(hashHex)) throw corrupt(key, 'block does not hash to its key');
  let header: BlockHeader;
  try {
    header = blockFromRlp(decodeRlp(rlp)).header;
  } catch {
    throw corrupt(key, 'stored block does not decode');
  }
  return {
    candidate: {
      hash,
      hashHex,
      parentHex: toHex(header.parentHash),
      difficulty: header.difficulty,
      timestamp: header.timestamp,
      rlp,
    },
    height: decodeBigUintCanonical(height, 'record', 'height'),
  };
}

/**
 * The tree's persistence over the `Store` interface (LevelStore in a node, MemoryStore in tests). Every
 * linked block is one record; the head is `chain:head`. Each import is written as one atomic batch, and
 * batches are queued so that they land in the order they were made (a later head never overwritten by an
 * earlier one). Orphans are not stored: they are unproven until their parent comes.
 */
export class ChainStore {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly store: Store) {}

  /**
   * Puts every stored block back into `tree` in height order (heights and total difficulties are
   * recomputed from the parents, not trusted), then the stored head.
   * @throws ChainError CHAIN_STORE_CORRUPT when a record is unreadable
   */
  async load(tree: BlockTree): Promise<ChainLoadReport> {
    const records = await this.store.entries(StoreKey.blockPrefix);
    const stored = records.map(([key, value]) => decodeRecord(key, value));
    stored.sort((a, b) => (a.height < b.height ? -1 : a.height > b.height ? 1 : 0));
    let restored = 0;
    for (const { candidate } of stored) if (tree.restore(candidate)) restored++;
    const head = await this.store.get(StoreKey.head);
    if (head) tree.preferHead(toHex(head));
    return { restored, unlinked: stored.length - restored };
  }

  /** The batch for one import: each newly linked block, and the head if it moved. */
  operationsFor(linked: readonly TreeEntry[], newHead: TreeEntry | undefined): StoreOperation[] {
    const ops: StoreOperation[] = linked.map((entry) => ({
      type: 'put',
      key: StoreKey.block(entry.hashHex),
      value: encodeRecord(entry),
    }));
    if (newHead) ops.push({ type: 'put', key: StoreKey.head, value: newHead.hash });
    return ops;
  }

  /** Writes one batch after those already queued. */
  write(operations: readonly StoreOperation[]): Promise<void> {
    if (operations.length === 0) return this.tail;
    const done = this.tail.then(() => this.store.write(operations));
    this.tail = done.catch(() => undefined);
    return done;
  }
}
