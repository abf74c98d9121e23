import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3';
import type { Block, BlockHeader, Message, Transaction } from '../../../wire';
import { blockFromRlp, decodeMessage, decodeRlp } from '../../../wire';
import type { Genesis } from '../../../chain';
import {
  blockHash,
  genesisFromBlock,
  transactionSigningHash,
  transactionsRoot,
  unclesRoot,
} from '../../../chain';
import type { ChainBlock, SessionFrame } from '../../helpers/vectors';
import { loadChain, loadSession } from '../../helpers/vectors';

/** chain.json's blocks, decoded once (oldest first, heights 1..11). */
export interface RealBlock extends ChainBlock {
  readonly block: Block;
}

export function realChain(): { genesisRlp: Uint8Array; genesisHash: Uint8Array; blocks: RealBlock[] } {
  const chain = loadChain();
  return {
    genesisRlp: chain.genesis.rlp,
    genesisHash: chain.genesis.hash,
    blocks: chain.blocks.map((b) => ({ ...b, block: blockFromRlp(decodeRlp(b.rlp)) })),
  };
}

export interface SessionMessage extends SessionFrame {
  readonly message: Message;
}

/** session.jsonl with every frame decoded by the wire codec. */
export function sessionMessages(): SessionMessage[] {
  return loadSession().map((f) => ({ ...f, message: decodeMessage(f.frame.subarray(8)) }));
}

const ZERO32 = new Uint8Array(32);
const ZERO20 = new Uint8Array(20);

/**
 * A genesis of difficulty 1: the difficulty rule keeps every descendant at 1 (1 ± 1>>10 = 1) and any nonce
 * meets 2^256 / 1, so tests can build blocks freely and total difficulty = height + 1.
 */
export function devGenesis(): Genesis {
  const header: BlockHeader = {
    parentHash: ZERO32,
    sha3Uncles: unclesRoot([]),
    coinbase: ZERO20,
    stateRoot: ZERO32,
    sha3Transactions: transactionsRoot([]),
    difficulty: 1n,
    timestamp: 0n,
    extraData: Uint8Array.from(Buffer.from('pocnode test genesis')),
    nonce: ZERO32,
  };
  return genesisFromBlock({ header, transactions: [], uncles: [] });
}

export interface ChildOptions {
  /** Seconds after the parent (default 60). */
  readonly after?: bigint;
  /** Distinguishes siblings (goes into extraData). */
  readonly tag?: string;
  readonly transactions?: readonly Transaction[];
  readonly uncles?: readonly BlockHeader[];
  readonly difficulty?: bigint;
}

/** A child of `parent` on a difficulty-1 chain, with its roots computed as a miner would. */
export function child(parent: Block, options: ChildOptions = {}): Block {
  const transactions = options.transactions ?? [];
  const uncles = options.uncles ?? [];
  const header: BlockHeader = {
    parentHash: blockHash(parent),
    sha3Uncles: unclesRoot(uncles),
    coinbase: ZERO20,
    stateRoot: ZERO32,
    sha3Transactions: transactionsRoot(transactions),
    difficulty: options.difficulty ?? 1n,
    timestamp: parent.header.timestamp + (options.after ?? 60n),
    extraData: Uint8Array.from(Buffer.from(options.tag ?? '')),
    nonce: ZERO32,
  };
  return { header, transactions, uncles };
}

/** `count` blocks in a line on top of `from`, oldest first. */
export function line(from: Block, count: number, tag = ''): Block[] {
  const out: Block[] = [];
  let parent = from;
  for (let i = 0; i < count; i++) {
    parent = child(parent, { tag: `${tag}${i}` });
    out.push(parent);
  }
  return out;
}

/** Signs a transaction as Transaction.cpp did: over the first four fields, v = 27 + recovery bit. */
export function signedTransaction(
  privateKey: Uint8Array,
  fields: Pick<Transaction, 'nonce' | 'to' | 'value' | 'data'>,
): Transaction {
  const unsigned: Transaction = { ...fields, v: 27n, r: 1n, s: 1n };
  const sig = secp256k1.sign(transactionSigningHash(unsigned), privateKey, { lowS: false });
  return { ...fields, v: 27n + BigInt(sig.recovery), r: sig.r, s: sig.s };
}

/** The 20-byte address of a private key: last 20 bytes of Keccak-256 of the 64-byte public key. */
export function addressOf(privateKey: Uint8Array): Uint8Array {
  return keccak_256(secp256k1.getPublicKey(privateKey, false).subarray(1)).slice(12);
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
