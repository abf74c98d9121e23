import type { Block, GetChainMessage } from '../wire';
import { blockFromRlp, decodeRlp } from '../wire';
import type { BlockTree } from './blockTree';
import type { TreeEntry } from './candidateBlock';
import { toHex } from './blockHash';
import { GETCHAIN_ASK_COUNT, MAX_BLOCKS_PER_ANSWER, MAX_GETCHAIN_HASHES } from './constants';

/** The answer to a peer's GetChain: Blocks (newest first, possibly empty) or NotInChain. */
export type GetChainAnswer =
  | { readonly kind: 'blocks'; readonly blocks: readonly Block[] }
  | { readonly kind: 'notInChain'; readonly hash: Uint8Array };

/** What to do on a peer's NotInChain: give up on a peer of another genesis, or ask from further back. */
export type NotInChainEffect =
  { readonly disconnect: 'WrongGenesisBlock' } | { readonly getChain: GetChainMessage };

/**
 * PeerSession's GetChain answer in cpp-ethereum v0.3.11: the first parent (in the order given) that is on our
 * best chain decides; we send the min(count, 32) blocks that follow it on the best chain (the ones right after
 * it, not the newest), newest first; none when it is our head. A known block off the best chain is passed over,
 * as v0.3.11's walk from its head never met it. When no parent qualifies: NotInChain naming the last one asked.
 * One deviation: for count 0 v0.3.11 fell through to NotInChain for a known non-head parent; we answer an empty
 * Blocks, which is what was asked for.
 */
export function answerGetChain(
  tree: BlockTree,
  parents: readonly Uint8Array[],
  count: number,
): GetChainAnswer {
  for (const parent of parents) {
    const entry = tree.get(toHex(parent));
    if (!entry || !tree.isOnBestChain(entry)) continue;
    const n = Math.max(0, Math.min(count, MAX_BLOCKS_PER_ANSWER, tree.head.height - entry.height));
    const blocks: Block[] = [];
    for (let height = entry.height + n; height > entry.height; height--) {
      const next = tree.bestAt(height);
      if (!next) break;
      blocks.push(blockFromRlp(decodeRlp(next.rlp)));
    }
    return { kind: 'blocks', blocks };
  }
  const last = parents[parents.length - 1];
  // The wire codec refuses a GetChain without parents; v0.3.11 ignored one, and so does an empty Blocks.
  return last ? { kind: 'notInChain', hash: last } : { kind: 'blocks', blocks: [] };
}

/** `from` and up to 31 of its ancestors, newest first; the genesis is included when reached. */
function hashesBack(tree: BlockTree, from: TreeEntry): Uint8Array[] {
  const hashes: Uint8Array[] = [];
  for (
    let e: TreeEntry | undefined = from;
    e && hashes.length < MAX_GETCHAIN_HASHES;
    e = tree.get(e.parentHex)
  ) {
    hashes.push(e.hash);
  }
  return hashes;
}

/** The GetChain sent after a handshake (v0.3.11): `[head, parent, …, ≤ 32 hashes, 256]`. */
export function chainRequest(tree: BlockTree): GetChainMessage {
  return { command: 'GetChain', parents: hashesBack(tree, tree.head), count: GETCHAIN_ASK_COUNT };
}

/**
 * v0.3.11 on NotInChain: the genesis hash means another genesis, so disconnect with Wrong genesis block.
 * Any other hash is the last (oldest) of a GetChain we sent, so ask again with up to 32 hashes starting at its
 * parent, as v0.3.11 did. The walk reaches the genesis after at most height/32 rounds, and a peer that knows
 * none of them answers NotInChain(genesis), which ends the exchange. A hash we do not know (not one we sent)
 * made v0.3.11 send a GetChain without parents, which peers ignore; we ask from the genesis instead, which
 * settles it in one round.
 */
export function notInChainEffect(tree: BlockTree, hash: Uint8Array): NotInChainEffect {
  const hashHex = toHex(hash);
  if (hashHex === tree.genesis.hashHex) return { disconnect: 'WrongGenesisBlock' };
  const entry = tree.get(hashHex);
  const from = (entry && tree.get(entry.parentHex)) ?? tree.get(tree.genesis.hashHex);
  const parents = from ? hashesBack(tree, from) : [tree.genesis.hash];
  return { getChain: { command: 'GetChain', parents, count: GETCHAIN_ASK_COUNT } };
}
