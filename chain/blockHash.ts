import { keccak_256 } from '@noble/hashes/sha3';
import type { Block, BlockHeader, Transaction } from '../wire';
import { blockToRlp, encodeRlp, headerToRlp, transactionToRlp } from '../wire';

/*
 * "sha3" in the 2014 code is Keccak-256 with the pre-FIPS padding, which is `keccak_256` (PROTOCOL.md
 * "The chain of the 2014 clients").
 */

/** The RLP of the whole block `[header, transactions, uncles]`, as it goes over the wire. */
export function encodeBlock(block: Block): Uint8Array {
  return encodeRlp(blockToRlp(block));
}

/** Block hash = Keccak-256 of the RLP of the whole block (v0.3.11's BlockInfo::populate; later versions hashed the header). */
export function blockHash(block: Block): Uint8Array {
  return keccak_256(encodeBlock(block));
}

/** sha3Transactions: Keccak-256 of the RLP of the transaction list (a plain hash, not a trie, in PoC-3). */
export function transactionsRoot(transactions: readonly Transaction[]): Uint8Array {
  return keccak_256(encodeRlp(transactions.map(transactionToRlp)));
}

/** sha3Uncles: Keccak-256 of the RLP of the uncle header list. */
export function unclesRoot(uncles: readonly BlockHeader[]): Uint8Array {
  return keccak_256(encodeRlp(uncles.map(headerToRlp)));
}

/** Keccak-256 of the RLP of the first 8 header fields: what the miner's nonce is appended to (Dagger.h). */
export function headerHashWithoutNonce(header: BlockHeader): Uint8Array {
  return keccak_256(encodeRlp(headerToRlp(header).slice(0, 8)));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

export function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** A 256-bit big-endian number. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes));
}
