import type { Block } from '../wire';
import type { CandidateBlock, TreeEntry } from './candidateBlock';
import { candidateFromBlock } from './candidateBlock';
import {
  DEFAULT_MAX_BLOCKS,
  DEFAULT_MAX_ORPHAN_BYTES,
  DEFAULT_MAX_ORPHANS,
  MAX_REMEMBERED_BAD_BLOCKS,
} from './constants';
import { ChainError, ChainErrorCode, isChainError } from './errors';
import type { Genesis } from './genesis';
import { OrphanPool } from './orphanPool';
import { checkAgainstParent, checkBlockIntrinsic } from './validateBlock';

export interface BlockTreeOptions {
  /** Bound on the block table, genesis included (default DEFAULT_MAX_BLOCKS). */
  readonly maxBlocks?: number;
  readonly maxOrphans?: number;
  readonly maxOrphanBytes?: number;
}

/** A block that failed, with the peer that sent it (an orphan may be judged long after it came). */
export interface Rejection {
  readonly hashHex: string;
  readonly fromPeer: string;
  readonly error: ChainError;
}

export type BlockImportStatus = 'known' | 'linked' | 'orphaned' | 'invalid' | 'refused';

/** What importing one block did. */
export interface BlockImport {
  readonly status: BlockImportStatus;
  readonly hashHex: string;
  /** This block and the orphans it let link (recursively), in parent order. */
  readonly linked: readonly TreeEntry[];
  /** This block if invalid, and orphans that failed against their newly arrived parent. */
  readonly rejected: readonly Rejection[];
  /** Set when the block table is full (`CHAIN_TABLE_FULL`): not the sender's fault. */
  readonly refused?: ChainError;
}

/**
 * Every valid block in memory: hash → entry (parent, height, total difficulty), the best chain by height,
 * and the orphans. Head = highest total difficulty; a tie keeps the current head; a side chain that
 * overtakes becomes the best (BlockChain::import), which may move the head to another branch (reorg).
 * A block that fails a check is never added; its hash is remembered (bounded) so its descendants are
 * refused at once. Pure and synchronous: persistence is ChainStore's job.
 */
export class BlockTree {
  readonly genesis: Genesis;
  private readonly entries = new Map<string, TreeEntry>();
  /** The best chain: best[h] is the hash of its block at height h. */
  private readonly best: string[] = [];
  private headEntry: TreeEntry;
  private readonly orphans: OrphanPool;
  private readonly bad = new Map<string, ChainError>();
  private readonly maxBlocks: number;

  constructor(genesis: Genesis, options: BlockTreeOptions = {}) {
    this.genesis = genesis;
    this.maxBlocks = options.maxBlocks ?? DEFAULT_MAX_BLOCKS;
    this.orphans = new OrphanPool(
      options.maxOrphans ?? DEFAULT_MAX_ORPHANS,
      options.maxOrphanBytes ?? DEFAULT_MAX_ORPHAN_BYTES,
    );
    const root: TreeEntry = {
      ...candidateFromBlock(genesis.block),
      height: 0,
      totalDifficulty: genesis.block.header.difficulty,
    };
    this.entries.set(root.hashHex, root);
    this.best.push(root.hashHex);
    this.headEntry = root;
  }

  get head(): TreeEntry {
    return this.headEntry;
  }

  /** Blocks in the table, genesis included. */
  get size(): number {
    return this.entries.size;
  }

  get orphanCount(): number {
    return this.orphans.size;
  }

  get(hashHex: string): TreeEntry | undefined {
    return this.entries.get(hashHex);
  }

  hasOrphan(hashHex: string): boolean {
    return this.orphans.has(hashHex);
  }

  /** The best chain's block at `height`, if the best chain is that long. */
  bestAt(height: number): TreeEntry | undefined {
    const hashHex = this.best[height];
    return hashHex === undefined ? undefined : this.entries.get(hashHex);
  }

  isOnBestChain(entry: TreeEntry): boolean {
    return this.best[entry.height] === entry.hashHex;
  }

  /** See OrphanPool.missingAncestor: the unknown hash an orphan waits for. */
  missingAncestor(hashHex: string): string | undefined {
    return this.orphans.missingAncestor(hashHex);
  }

  /**
   * Validates and files one block: linked under a known parent (then its waiting orphans link in turn),
   * kept as an orphan when the parent is unknown, or rejected. With a known parent the parent checks run
   * first (timestamp, difficulty), then the block's own (roots, proof of work, signatures).
   */
  importBlock(block: Block, fromPeer: string): BlockImport {
    const candidate = candidateFromBlock(block);
    const { hashHex, parentHex } = candidate;
    if (this.entries.has(hashHex) || this.orphans.has(hashHex)) {
      return { status: 'known', hashHex, linked: [], rejected: [] };
    }
    const invalid = (error: ChainError): BlockImport => {
      this.rememberBad(hashHex, error);
      return { status: 'invalid', hashHex, linked: [], rejected: [{ hashHex, fromPeer, error }] };
    };
    const knownBad = this.bad.get(hashHex);
    if (knownBad) return invalid(knownBad);
    if (this.bad.has(parentHex)) {
      return invalid(
        new ChainError({ code: ChainErrorCode.InvalidAncestor, hash: hashHex, ancestor: parentHex }),
      );
    }
    const parent = this.entries.get(parentHex);
    try {
      if (parent) checkAgainstParent(candidate, hashHex, parent);
      checkBlockIntrinsic(block, hashHex);
    } catch (err: unknown) {
      if (isChainError(err)) return invalid(err);
      throw err;
    }
    if (!parent) {
      // Beyond the pool's bounds the oldest orphans are dropped; they were valid, so a later GetChain may bring them back.
      this.orphans.add({ ...candidate, fromPeer });
      return { status: 'orphaned', hashHex, linked: [], rejected: [] };
    }
    const entry = this.link(candidate, parent);
    if (isChainError(entry)) return { status: 'refused', hashHex, linked: [], rejected: [], refused: entry };
    const linked = [entry];
    const rejected = this.linkWaitingOrphans(entry, linked);
    return { status: 'linked', hashHex, linked, rejected };
  }

  /**
   * Re-inserts a block read back from our own store: it passed every check when it came, so none is
   * repeated (a restart must not cost a signature recovery per transaction). Returns undefined when its
   * parent is not in the tree (e.g. the data directory belongs to another genesis) or the table is full.
   */
  restore(candidate: CandidateBlock): TreeEntry | undefined {
    const existing = this.entries.get(candidate.hashHex);
    if (existing) return existing;
    const parent = this.entries.get(candidate.parentHex);
    if (!parent) return undefined;
    const entry = this.link(candidate, parent);
    return isChainError(entry) ? undefined : entry;
  }

  /** After a restore: the stored head wins a tie in total difficulty, as it did when it was chosen. */
  preferHead(hashHex: string): void {
    const entry = this.entries.get(hashHex);
    if (entry && entry.totalDifficulty >= this.headEntry.totalDifficulty) this.setHead(entry);
  }

  private link(candidate: CandidateBlock, parent: TreeEntry): TreeEntry | ChainError {
    if (this.entries.size >= this.maxBlocks) {
      return new ChainError({ code: ChainErrorCode.TableFull, hash: candidate.hashHex, max: this.maxBlocks });
    }
    const entry: TreeEntry = {
      ...candidate,
      height: parent.height + 1,
      totalDifficulty: parent.totalDifficulty + candidate.difficulty,
    };
    this.entries.set(entry.hashHex, entry);
    // Strictly greater: on a tie the current head stays (BlockChain::import).
    if (entry.totalDifficulty > this.headEntry.totalDifficulty) this.setHead(entry);
    return entry;
  }

  /** Links the orphans waiting for `root`, breadth first; those failing their parent checks are rejected with their descendants. */
  private linkWaitingOrphans(root: TreeEntry, linked: TreeEntry[]): Rejection[] {
    const rejected: Rejection[] = [];
    const queue: TreeEntry[] = [root];
    for (let parent = queue.shift(); parent; parent = queue.shift()) {
      for (const orphan of this.orphans.takeChildren(parent.hashHex)) {
        try {
          checkAgainstParent(orphan, orphan.hashHex, parent);
        } catch (err: unknown) {
          if (!isChainError(err)) throw err;
          this.rememberBad(orphan.hashHex, err);
          rejected.push({ hashHex: orphan.hashHex, fromPeer: orphan.fromPeer, error: err });
          this.rejectDescendants(orphan.hashHex, rejected);
          continue;
        }
        const entry = this.link(orphan, parent);
        // Table full: the orphan is dropped (it was valid; a later import may bring it again).
        if (isChainError(entry)) continue;
        linked.push(entry);
        queue.push(entry);
      }
    }
    return rejected;
  }

  private rejectDescendants(ancestorHex: string, rejected: Rejection[]): void {
    const stack = [ancestorHex];
    for (let parentHex = stack.pop(); parentHex !== undefined; parentHex = stack.pop()) {
      for (const orphan of this.orphans.takeChildren(parentHex)) {
        const error = new ChainError({
          code: ChainErrorCode.InvalidAncestor,
          hash: orphan.hashHex,
          ancestor: ancestorHex,
        });
        this.rememberBad(orphan.hashHex, error);
        rejected.push({ hashHex: orphan.hashHex, fromPeer: orphan.fromPeer, error });
        stack.push(orphan.hashHex);
      }
    }
  }

  private rememberBad(hashHex: string, error: ChainError): void {
    this.bad.delete(hashHex);
    this.bad.set(hashHex, error);
    if (this.bad.size > MAX_REMEMBERED_BAD_BLOCKS) {
      const oldest = this.bad.keys().next();
      if (!oldest.done) this.bad.delete(oldest.value);
    }
  }

  /** Moves the head, rewriting the best chain from the fork point (a reorganisation when not a child of the head). */
  private setHead(entry: TreeEntry): void {
    const branch: string[] = [];
    let cursor: TreeEntry | undefined = entry;
    while (cursor && this.best[cursor.height] !== cursor.hashHex) {
      branch.push(cursor.hashHex);
      cursor = this.entries.get(cursor.parentHex);
    }
    // Every entry descends from the genesis, which is best[0], so the walk stops at a common ancestor.
    if (!cursor) throw new Error(`block ${entry.hashHex} is not connected to the genesis`);
    this.best.length = cursor.height + 1;
    for (let i = branch.length - 1; i >= 0; i--) this.best.push(branch[i]!);
    this.headEntry = entry;
  }
}
