import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3';
import type { Transaction } from '../wire';
import { encodeRlp, transactionToRlp } from '../wire';
import { ChainError, ChainErrorCode } from './errors';

const CURVE_ORDER = secp256k1.CURVE.n;
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

/**
 * Checks the signature and returns the sender's 20-byte address: the last 20 bytes of Keccak-256 of the
 * recovered 64-byte public key (Transaction.cpp). No state is executed, so nonce and balance are not checked
 * (CONTRACT.md §3). High `s` values are accepted: the 2014 clients did not require low-s signatures.
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
  let publicKey: Uint8Array;
  try {
    const signature = new secp256k1.Signature(tx.r, tx.s).addRecoveryBit(Number(tx.v - V_BASE));
    publicKey = signature.recoverPublicKey(transactionSigningHash(tx)).toRawBytes(false);
  } catch (err: unknown) {
    throw new ChainError({
      code: ChainErrorCode.BadSignature,
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  // toRawBytes(false) is 0x04 ‖ X ‖ Y; the address hashes the 64 bytes after the prefix.
  return keccak_256(publicKey.subarray(1)).slice(12);
}
