import { keccak_256 } from '@noble/hashes/sha3';
import type { Block } from '../wire';
import { encodeBlock, toHex } from './blockHash';

/**
 * What the chain keeps of a block: its identity, the two header fields its children are checked against,
 * and its RLP (to answer GetChain and to store). The decoded `Block` is not kept, to stay small.
 */
export interface CandidateBlock {
  readonly hash: Uint8Array;
  readonly hashHex: string;
  readonly parentHex: string;
  readonly difficulty: bigint;
  readonly timestamp: bigint;
  readonly rlp: Uint8Array;
}

/** A block linked into the tree: a candidate with its place (height from genesis = 0, total difficulty). */
export interface TreeEntry extends CandidateBlock {
  readonly height: number;
  /** Sum of the difficulties from the genesis (included) to this block (BlockChain::import). */
  readonly totalDifficulty: bigint;
}

export function candidateFromBlock(block: Block): CandidateBlock {
  const rlp = encodeBlock(block);
  // The block hash is Keccak-256 of exactly these bytes (see blockHash); encode once, hash once.
  const hash = keccak_256(rlp);
  return {
    hash,
    hashHex: toHex(hash),
    parentHex: toHex(block.header.parentHash),
    difficulty: block.header.difficulty,
    timestamp: block.header.timestamp,
    rlp,
  };
}
