import type { Store } from '../store/store';
import type { Block, GetChainMessage } from '../wire';
import { blockFromRlp, decodeRlp } from '../wire';
import { fromHex, toHex } from './blockHash';
import type { BlockTreeOptions, Rejection } from './blockTree';
import { BlockTree } from './blockTree';
import type { TreeEntry } from './candidateBlock';
import type { ChainLoadReport } from './chainStore';
import { ChainStore } from './chainStore';
import { GETCHAIN_ASK_COUNT } from './constants';
import type { ChainError } from './errors';
import type { Genesis } from './genesis';
import { POC3_GENESIS } from './genesis';
import type { GetChainAnswer, NotInChainEffect } from './getChain';
import { answerGetChain, chainRequest, notInChainEffect } from './getChain';

export interface ChainManagerOptions extends BlockTreeOptions {
  /** Default: the PoC-3 genesis (`--genesis FILE` gives another). */
  readonly genesis?: Genesis;
}

/** The head as the status page and metrics show it. */
export interface ChainHead {
  readonly hash: Uint8Array;
  readonly hashHex: string;
  readonly height: number;
  readonly totalDifficulty: bigint;
}

/** What one Blocks message did, and what the node should do about it. */
export interface ImportResult {
  /** Set when the best chain's head moved: relay `Blocks [newHead]` to peers not known to have it. */
  readonly newHead?: Block;
  /** Hashes newly linked into the tree (this message's blocks and the orphans they let link), in parent order. */
  readonly imported: readonly Uint8Array[];
  /** The first block of this message that failed: disconnect the sender with Bad protocol. */
  readonly invalid?: ChainError;
  /** Every block found invalid during this import, with its sender (orphans may come from other peers). */
  readonly rejected: readonly Rejection[];
  /**
   * Unknown parents that this message's orphans wait for. GetChain cannot name a block, only ask for what
   * follows one we have, so the way to fill the gap is `chainRequest()` to the same peer.
   */
  readonly missingParents: readonly Uint8Array[];
  /** v0.3.11: when the message brought anything new, `GetChain [hash of its first (newest) block, 256]`. */
  readonly followUp?: GetChainMessage;
  /** Set when blocks were refused because the table is full (our limit, not the sender's fault). */
  readonly refused?: ChainError;
}

/**
 * The chain logic the node's actor calls (it holds no sockets): imports Blocks, answers GetChain, decides what
 * to ask for and when a peer has another genesis. Synchronous except where it writes to the store.
 */
export class ChainManager {
  /**
   * The last GetChain built, for the head it was built from: every peer admitted while the head stays gets
   * this same message object, so its frame is encoded once (actors/connectionActions.ts) instead of per
   * handshake, and its up to 32 hashes are not walked again. The walk from a tree entry never changes.
   */
  private lastRequest: { readonly head: TreeEntry; readonly message: GetChainMessage } | undefined;

  private constructor(
    private readonly tree: BlockTree,
    private readonly chainStore: ChainStore,
    /** What start-up found in the store. */
    readonly loadReport: ChainLoadReport,
  ) {}

  /** Opens the chain over `store`, bringing back the blocks, the head and the total difficulty of earlier runs. */
  static async open(store: Store, options: ChainManagerOptions = {}): Promise<ChainManager> {
    const tree = new BlockTree(options.genesis ?? POC3_GENESIS, options);
    const chainStore = new ChainStore(store);
    const report = await chainStore.load(tree);
    return new ChainManager(tree, chainStore, report);
  }

  get genesis(): Genesis {
    return this.tree.genesis;
  }

  get head(): ChainHead {
    const { hash, hashHex, height, totalDifficulty } = this.tree.head;
    return { hash, hashHex, height, totalDifficulty };
  }

  get orphanCount(): number {
    return this.tree.orphanCount;
  }

  /** Blocks in the table, genesis included (orphans not counted). */
  get blockCount(): number {
    return this.tree.size;
  }

  hasBlock(hash: Uint8Array): boolean {
    return this.tree.get(toHex(hash)) !== undefined;
  }

  getBlock(hash: Uint8Array): Block | undefined {
    const entry = this.tree.get(toHex(hash));
    return entry ? blockFromRlp(decodeRlp(entry.rlp)) : undefined;
  }

  /**
   * Imports a Blocks message from `fromPeer`. Blocks come newest first, so they are taken in reverse (parent
   * order); orphans link whatever the order. Import stops at the first invalid block of the message: what came
   * before it stays. Everything linked, and the new head, is written as one batch before this resolves.
   */
  async importBlocks(blocks: readonly Block[], fromPeer: string): Promise<ImportResult> {
    const { result, persisted } = this.importBlocksNow(blocks, fromPeer);
    await persisted;
    return result;
  }

  /**
   * The same import, decided at once: the tree (and so the head, GetChain answers and relay) changes
   * synchronously, and the batch is written behind the ones before it. The node's actor uses this so its
   * answers never depend on disk latency (a replayed trace sees the same order as the live run).
   */
  importBlocksNow(
    blocks: readonly Block[],
    fromPeer: string,
  ): { result: ImportResult; persisted: Promise<void> } {
    const headBefore = this.tree.head;
    const linked: TreeEntry[] = [];
    const rejected: Rejection[] = [];
    const orphaned: string[] = [];
    let invalid: ChainError | undefined;
    let refused: ChainError | undefined;
    let somethingNew = false;
    let newestHashHex: string | undefined;
    for (let i = blocks.length - 1; i >= 0 && !invalid; i--) {
      const outcome = this.tree.importBlock(blocks[i]!, fromPeer);
      if (i === 0) newestHashHex = outcome.hashHex;
      linked.push(...outcome.linked);
      rejected.push(...outcome.rejected);
      refused ??= outcome.refused;
      switch (outcome.status) {
        case 'linked':
          somethingNew = true;
          break;
        case 'orphaned':
          somethingNew = true;
          orphaned.push(outcome.hashHex);
          break;
        case 'invalid':
          invalid = outcome.rejected[0]?.error;
          break;
        case 'known':
        case 'refused':
          break;
      }
    }
    const headAfter = this.tree.head;
    const newHead = headAfter.hashHex === headBefore.hashHex ? undefined : headAfter;
    const persisted = this.chainStore.write(this.chainStore.operationsFor(linked, newHead));

    const missing = new Set<string>();
    for (const hashHex of orphaned) {
      const parent = this.tree.missingAncestor(hashHex);
      if (parent !== undefined) missing.add(parent);
    }
    const result: ImportResult = {
      imported: linked.map((e) => e.hash),
      rejected,
      missingParents: [...missing].map(fromHex),
      ...(newHead && { newHead: blockFromRlp(decodeRlp(newHead.rlp)) }),
      ...(invalid && { invalid }),
      ...(refused && { refused }),
    };
    if (invalid || !somethingNew || newestHashHex === undefined) return { result, persisted };
    const followUp: GetChainMessage = {
      command: 'GetChain',
      parents: [fromHex(newestHashHex)],
      count: GETCHAIN_ASK_COUNT,
    };
    return { result: { ...result, followUp }, persisted };
  }

  /** Resolves when every batch queued so far is written (used at shutdown). */
  flushed(): Promise<void> {
    return this.chainStore.write([]);
  }

  /** See getChain.ts: v0.3.11's answer, at most min(count, 32) blocks newest first, or NotInChain. */
  answerGetChain(parents: readonly Uint8Array[], count: number): GetChainAnswer {
    return answerGetChain(this.tree, parents, count);
  }

  /** The GetChain to send after a handshake: `[head, parent, …, ≤ 32 hashes, 256]`. */
  chainRequest(): GetChainMessage {
    const head = this.tree.head;
    if (this.lastRequest?.head !== head) this.lastRequest = { head, message: chainRequest(this.tree) };
    return this.lastRequest.message;
  }

  /** On a peer's NotInChain: disconnect (Wrong genesis block) for our genesis, else ask from further back. */
  onNotInChain(hash: Uint8Array): NotInChainEffect {
    return notInChainEffect(this.tree, hash);
  }
}
