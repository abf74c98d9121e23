/*
 * Limits of the chain logic. The GetChain numbers are cpp-ethereum v0.3.11's (PeerNetwork.cpp: c_maxHashes,
 * c_maxBlocks, c_maxBlocksAsk); the difficulty numbers are BlockInfo::calculateDifficulty's.
 */

/** Hashes we put in one GetChain (c_maxHashes = 32). */
export const MAX_GETCHAIN_HASHES = 32;
/** Blocks we send in answer to one GetChain, whatever count was asked (c_maxBlocks = 32). */
export const MAX_BLOCKS_PER_ANSWER = 32;
/** The count we ask for in our own GetChain (c_maxBlocksAsk = 256). */
export const GETCHAIN_ASK_COUNT = 256;

/** A block at least this many seconds after its parent lowers the difficulty; sooner raises it. */
export const DIFFICULTY_TARGET_SECONDS = 42n;
/** The difficulty moves by parent.difficulty >> 10 each block. */
export const DIFFICULTY_ADJUSTMENT_SHIFT = 10n;

/** Orphans (unknown parent) kept until the parent arrives; the oldest is evicted beyond this. */
export const DEFAULT_MAX_ORPHANS = 256;
/** Orphans are also bounded by their RLP bytes, so 256 huge blocks cannot pin gigabytes. */
export const DEFAULT_MAX_ORPHAN_BYTES = 32 * 1024 * 1024;
/**
 * Bound on the block table (every valid block, best chain and side chains, genesis included). An entry of an
 * empty block costs about 1.25 KiB (1.0 KiB heap + its RLP and hash buffers, measured with 200,000 blocks
 * on Node 20), so the bound keeps the table near 300 MiB; the PoC networks of protocol version 8 stayed far
 * below it. Beyond it new blocks are refused with CHAIN_TABLE_FULL instead of growing without bound.
 */
export const DEFAULT_MAX_BLOCKS = 250_000;
/** Hashes of rejected blocks remembered, so that their descendants are refused at once. */
export const MAX_REMEMBERED_BAD_BLOCKS = 1024;
