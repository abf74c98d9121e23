import { keccak_256 } from '@noble/hashes/sha3';
import type { Block, BlockHeader } from '../wire';
import { bytesEqual, bytesToBigInt, headerHashWithoutNonce, transactionsRoot, unclesRoot } from './blockHash';
import { DIFFICULTY_ADJUSTMENT_SHIFT, DIFFICULTY_TARGET_SECONDS } from './constants';
import { ChainError, ChainErrorCode } from './errors';
import { validateTransaction } from './validateTransaction';

/** What a child's checks need of its parent. */
export interface ParentFacts {
  readonly difficulty: bigint;
  readonly timestamp: bigint;
}

const TWO_POW_256 = 1n << 256n;

/**
 * BlockInfo::calculateDifficulty (v0.3.11): parent.difficulty − parent.difficulty>>10 when the block came
 * at least 42 s after its parent, else parent.difficulty + parent.difficulty>>10. (A difficulty of 1 stays 1
 * either way, which the fork tests rely on.)
 */
export function expectedDifficulty(parent: ParentFacts, timestamp: bigint): bigint {
  const step = parent.difficulty >> DIFFICULTY_ADJUSTMENT_SHIFT;
  return timestamp >= parent.timestamp + DIFFICULTY_TARGET_SECONDS
    ? parent.difficulty - step
    : parent.difficulty + step;
}

/** Dagger.h: Keccak-256(Keccak-256(RLP of the first 8 header fields) ‖ nonce), big-endian, ≤ 2^256 / difficulty. */
export function meetsProofOfWork(header: BlockHeader): boolean {
  if (header.difficulty === 0n) return false;
  const seed = headerHashWithoutNonce(header);
  const input = new Uint8Array(seed.length + header.nonce.length);
  input.set(seed, 0);
  input.set(header.nonce, seed.length);
  return bytesToBigInt(keccak_256(input)) <= TWO_POW_256 / header.difficulty;
}

/**
 * BlockInfo::verifyParent: timestamp ≥ parent's, then the difficulty rule. The timestamp goes first because
 * the expected difficulty depends on it. The clock is not consulted: v0.3.11 did not check timestamps
 * against it (chain.json's blocks carry timestamps of their capture day).
 * @throws ChainError CHAIN_TIMESTAMP_BEFORE_PARENT or CHAIN_BAD_DIFFICULTY
 */
export function checkAgainstParent(header: ParentFacts, hashHex: string, parent: ParentFacts): void {
  if (header.timestamp < parent.timestamp) {
    throw new ChainError({
      code: ChainErrorCode.TimestampBeforeParent,
      hash: hashHex,
      parent: parent.timestamp,
      got: header.timestamp,
    });
  }
  const expected = expectedDifficulty(parent, header.timestamp);
  if (header.difficulty !== expected) {
    throw new ChainError({
      code: ChainErrorCode.BadDifficulty,
      hash: hashHex,
      expected,
      got: header.difficulty,
    });
  }
}

/**
 * BlockInfo::verifyInternals: the checks a block passes on its own, before its parent is known. Cheapest first;
 * the signature recoveries, the dearest, last.
 * @throws ChainError CHAIN_BAD_TX_ROOT, CHAIN_BAD_UNCLES_ROOT, CHAIN_BAD_POW, CHAIN_BAD_TX_SHAPE, CHAIN_BAD_SIGNATURE
 */
export function checkBlockIntrinsic(block: Block, hashHex: string): void {
  if (!bytesEqual(transactionsRoot(block.transactions), block.header.sha3Transactions)) {
    throw new ChainError({ code: ChainErrorCode.BadTxRoot, hash: hashHex });
  }
  if (!bytesEqual(unclesRoot(block.uncles), block.header.sha3Uncles)) {
    throw new ChainError({ code: ChainErrorCode.BadUnclesRoot, hash: hashHex });
  }
  if (!meetsProofOfWork(block.header)) throw new ChainError({ code: ChainErrorCode.BadPow, hash: hashHex });
  for (const tx of block.transactions) validateTransaction(tx);
}
