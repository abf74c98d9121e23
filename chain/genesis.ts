import type { Block } from '../wire';
import { blockFromRlp, decodeRlp, isWireError } from '../wire';
import {
  blockHash,
  bytesEqual,
  encodeBlock,
  fromHex,
  toHex,
  transactionsRoot,
  unclesRoot,
} from './blockHash';
import { ChainError, ChainErrorCode } from './errors';

/** A genesis block with what the chain needs of it precomputed. */
export interface Genesis {
  readonly block: Block;
  /** The block's RLP, as GetChain answers would send it. */
  readonly rlp: Uint8Array;
  readonly hash: Uint8Array;
  readonly hashHex: string;
}

/**
 * The PoC-3 genesis shared by the 2014 clients (BlockInfo.cpp, State.cpp), as cpp-ethereum v0.3.11 sent it.
 * A protocol constant, so it lives in code; the runtime never reads test vectors.
 */
export const POC3_GENESIS_RLP_HEX =
  'f8c4' + // [header, transactions, uncles]
  'f8c0' + // header:
  `a0${'00'.repeat(32)}` + // parentHash: none
  'a01dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347' + // sha3Uncles = sha3(rlp([]))
  `94${'00'.repeat(20)}` + // coinbase
  'a0fb164ba3cf2132956f8774e3daebd991e9b2f680e6bea595b3ec9fbf470ac515' + // stateRoot: four funded addresses
  'a01dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347' + // sha3Transactions = sha3(rlp([]))
  '83400000' + // difficulty 2^22
  '80' + // timestamp 0
  '80' + // extraData: empty
  'a004994f67dc55b09e814ab7ffc8df3686b4afb2bb53e60eae97ef043fe03fb829' + // nonce = sha3(0x2a)
  'c0' + // no transactions
  'c0'; // no uncles

export const POC3_GENESIS_HASH_HEX = 'ab6b9a5613970faa771b12d449b2e9bb925ab7a369f0a4b86b286e9d540099cf';

function bad(reason: string): ChainError {
  return new ChainError({ code: ChainErrorCode.BadGenesis, reason });
}

/**
 * Checks a decoded block can serve as a genesis: no parent, a non-zero difficulty (the proof of work of its
 * children divides by it) and roots that match its lists. Its own proof of work is not checked: a genesis is
 * agreed, not mined (the PoC-3 nonce is simply sha3(0x2a)).
 * @throws ChainError CHAIN_BAD_GENESIS
 */
export function genesisFromBlock(block: Block): Genesis {
  if (!block.header.parentHash.every((b) => b === 0)) throw bad('parentHash must be all zero');
  if (block.header.difficulty === 0n) throw bad('difficulty must not be zero');
  if (!bytesEqual(transactionsRoot(block.transactions), block.header.sha3Transactions)) {
    throw bad('sha3Transactions does not match the transaction list');
  }
  if (!bytesEqual(unclesRoot(block.uncles), block.header.sha3Uncles)) {
    throw bad('sha3Uncles does not match the uncle list');
  }
  const hash = blockHash(block);
  return { block, rlp: encodeBlock(block), hash, hashHex: toHex(hash) };
}

/**
 * Reads `--genesis FILE`'s content: a genesis block's RLP as hex (whitespace and a leading `0x` allowed).
 * @throws ChainError CHAIN_BAD_GENESIS with the reason
 */
export function parseGenesis(text: string): Genesis {
  let hex = text.replace(/\s+/g, '');
  if (hex.startsWith('0x') || hex.startsWith('0X')) hex = hex.slice(2);
  if (hex.length === 0) throw bad('empty');
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw bad('not hexadecimal');
  if (hex.length % 2 !== 0) throw bad('odd number of hex digits');
  let block: Block;
  try {
    block = blockFromRlp(decodeRlp(fromHex(hex)));
  } catch (err: unknown) {
    if (isWireError(err)) throw bad(`not the RLP of a block: ${err.message}`);
    throw err;
  }
  return genesisFromBlock(block);
}

/** The default genesis (hash ab6b9a56…99cf). */
export const POC3_GENESIS: Genesis = parseGenesis(POC3_GENESIS_RLP_HEX);
