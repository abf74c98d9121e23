import { secp256k1 } from '@noble/curves/secp256k1';
import { transactionSigningHash } from '../chain';
import type { Transaction } from '../wire';
import type { Prng } from './prng';

/** v is 27 + the recovery bit (Transaction.cpp, as chain/validateTransaction.ts checks it). */
const V_BASE = 27n;

/**
 * `count` valid signed transactions, each from its own key drawn from `prng`: the chain-manager actor
 * checks every received transaction's signature and drops a peer that sends a bad one, so the simulator
 * must send real ones. Signing is deterministic (RFC 6979), so the same seed gives the same bytes.
 */
export function createSignedTransactions(count: number, prng: Prng): Transaction[] {
  const out: Transaction[] = [];
  for (let k = 0; k < count; k++) {
    let key = prng.bytes(32);
    while (!secp256k1.utils.isValidPrivateKey(key)) key = prng.bytes(32);
    const unsigned: Transaction = {
      nonce: 0n,
      to: prng.bytes(20),
      value: BigInt(prng.int(1, 1_000_000)),
      data: [],
      v: 0n,
      r: 0n,
      s: 0n,
    };
    // Signed over Keccak-256 of RLP([nonce, to, value, data]) — the first four fields only.
    const signature = secp256k1.sign(transactionSigningHash(unsigned), key);
    out.push({ ...unsigned, v: V_BASE + BigInt(signature.recovery), r: signature.r, s: signature.s });
  }
  return out;
}
