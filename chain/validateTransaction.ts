import { createRequire } from 'node:module';
import { keccak_256 } from '@noble/hashes/sha3';
import type * as TinySecp256k1 from 'tiny-secp256k1' with { 'resolution-mode': 'import' };
import type { Transaction } from '../wire';
import { encodeRlp, transactionToRlp } from '../wire';
import { ChainError, ChainErrorCode } from './errors';

/*
 * libsecp256k1 compiled to WebAssembly (tiny-secp256k1): ~7× the recoveries per CPU-second of pure-JS
 * @noble/curves, and every relayed transaction needs one (CONTRACT.md §3). The package is an ES module whose
 * CommonJS build loads its WASM synchronously; it is required at run time because this project compiles to
 * CommonJS, and typed from its own declarations.
 */
const secp256k1 = createRequire(__filename)('tiny-secp256k1') as typeof TinySecp256k1;

/** The order n of secp256k1's group (SEC 2 §2.4.1). */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** v is 27 + the recovery bit (Transaction.cpp). */
const V_BASE = 27n;

/** Keccak-256 of the transaction's full RLP: its identity (the pool's and the relay's "already sent" key). */
export function transactionHash(tx: Transaction): Uint8Array {
  return keccak_256(encodeRlp(transactionToRlp(tx)));
}

/** What the sender signed: Keccak-256 of the RLP of the first four fields `[nonce, to, value, [data]]`. */
export function transactionSigningHash(tx: Transaction): Uint8Array {
  return keccak_256(encodeRlp(transactionToRlp(tx).slice(0, 4)));
}

/** `value` (< 2^256) as 32 big-endian bytes at `offset` of `out`. */
function writeUint256(out: Uint8Array, offset: number, value: bigint): void {
  let v = value;
  for (let i = offset + 31; i >= offset; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

/**
 * Checks the signature and returns the sender's 20-byte address: the last 20 bytes of Keccak-256 of the
 * recovered 64-byte public key (Transaction.cpp). No state is executed, so nonce and balance are not checked
 * (CONTRACT.md §3). High `s` values are accepted: the 2014 clients did not require low-s signatures, and
 * libsecp256k1's recovery (unlike its verification) does not either.
 * @throws ChainError CHAIN_BAD_TX_SHAPE or CHAIN_BAD_SIGNATURE
 */
export function validateTransaction(tx: Transaction): Uint8Array {
  if (tx.v !== V_BASE && tx.v !== V_BASE + 1n) {
    throw new ChainError({ code: ChainErrorCode.BadTxShape, reason: `v must be 27 or 28, got ${tx.v}` });
  }
  if (tx.r < 1n || tx.r >= CURVE_ORDER) {
    throw new ChainError({ code: ChainErrorCode.BadTxShape, reason: 'r outside [1, n-1]' });
  }
  if (tx.s < 1n || tx.s >= CURVE_ORDER) {
    throw new ChainError({ code: ChainErrorCode.BadTxShape, reason: 's outside [1, n-1]' });
  }
  const signature = new Uint8Array(64);
  writeUint256(signature, 0, tx.r);
  writeUint256(signature, 32, tx.s);
  let publicKey: Uint8Array | null;
  try {
    publicKey = secp256k1.recover(transactionSigningHash(tx), signature, tx.v === V_BASE ? 0 : 1, false);
  } catch (err: unknown) {
    // tiny-secp256k1 throws when r is not the x of a curve point.
    throw new ChainError({
      code: ChainErrorCode.BadSignature,
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  if (publicKey === null) {
    throw new ChainError({ code: ChainErrorCode.BadSignature, reason: 'no public key recovers' });
  }
  // An uncompressed key is 0x04 ‖ X ‖ Y; the address hashes the 64 bytes after the prefix.
  return keccak_256(publicKey.subarray(1)).slice(12);
}
