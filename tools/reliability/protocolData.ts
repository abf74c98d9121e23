import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { secp256k1 } from '@noble/curves/secp256k1';
import { transactionSigningHash } from '../../chain';
import type { Block, Transaction } from '../../wire';
import { blockFromRlp, decodeRlp } from '../../wire';
import { sharedPath } from '../bench/repoRoot';

interface ChainJson {
  readonly genesis: { readonly hash: string };
  readonly blocks: ReadonlyArray<{ readonly rlp: string; readonly hash: string }>;
}

export interface RealChain {
  readonly genesisHash: Uint8Array;
  /** Oldest first. */
  readonly blocks: Block[];
  /** Block hashes as hex, oldest first. */
  readonly hashes: string[];
}

const bytesOf = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.replace(/^0x/, ''), 'hex'));

/** The 11 blocks cpp-ethereum v0.3.11 mined (../shared/vectors/cpp-ethereum-v0.3.11/chain.json). */
export function loadChainBlocks(): RealChain {
  const file = sharedPath('vectors', 'cpp-ethereum-v0.3.11', 'chain.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as ChainJson;
  return {
    genesisHash: bytesOf(json.genesis.hash),
    blocks: json.blocks.map((b) => blockFromRlp(decodeRlp(bytesOf(b.rlp)))),
    hashes: json.blocks.map((b) => b.hash.replace(/^0x/, '')),
  };
}

/**
 * A transaction signed the way v0.3.11 checks it (Transaction.cpp): secp256k1 over Keccak-256 of the RLP
 * of `[nonce, to, value, [data]]`, v = 27 + the recovery bit. A random key each time, so every call gives
 * a new transaction the node must validate, pool and relay.
 */
export function signedTransaction(nonce: bigint = 0n, key: Uint8Array = randomBytes(32)): Transaction {
  const unsigned = { nonce, to: new Uint8Array(20).fill(0x11), value: 1000n, data: [], v: 27n, r: 1n, s: 1n };
  const signature = secp256k1.sign(transactionSigningHash(unsigned), key);
  return { ...unsigned, v: 27n + BigInt(signature.recovery), r: signature.r, s: signature.s };
}
