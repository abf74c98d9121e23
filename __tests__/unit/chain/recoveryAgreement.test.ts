import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3';
import fc from 'fast-check';
import type { Transaction } from '../../../wire';
import { ChainErrorCode, isChainError, transactionSigningHash, validateTransaction } from '../../../chain';
import { hex, realChain, signedTransaction } from './chainFixtures';

const N = secp256k1.CURVE.n;
const P = secp256k1.CURVE.Fp.ORDER;

/** The reference: the sender as pure-JS @noble/curves recovers it (what the node used before), or undefined. */
function nobleSender(tx: Transaction): string | undefined {
  try {
    const signature = new secp256k1.Signature(tx.r, tx.s).addRecoveryBit(Number(tx.v - 27n));
    const publicKey = signature.recoverPublicKey(transactionSigningHash(tx)).toRawBytes(false);
    return hex(keccak_256(publicKey.subarray(1)).slice(12));
  } catch {
    return undefined;
  }
}

/** The node's verdict: the sender, or the error code. */
function nodeVerdict(tx: Transaction): { sender: string } | { code: string } {
  try {
    return { sender: hex(validateTransaction(tx)) };
  } catch (err: unknown) {
    if (!isChainError(err)) throw err;
    return { code: err.code };
  }
}

/** Both recover the same address, or both fail (the node then with CHAIN_BAD_SIGNATURE). */
function expectAgreement(tx: Transaction): void {
  const reference = nobleSender(tx);
  expect(nodeVerdict(tx)).toEqual(
    reference === undefined ? { code: ChainErrorCode.BadSignature } : { sender: reference },
  );
}

const pow = (b: bigint, e: bigint): bigint => {
  let r = 1n;
  for (b %= P; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
  return r;
};
/** x³ + 7 is not a square mod p: no curve point has this x. */
const offTheCurve = (x: bigint): boolean => pow(x ** 3n + 7n, (P - 1n) / 2n) !== 1n;

const privateKey = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .filter((k) => secp256k1.utils.isValidPrivateKey(k));
const fields = fc.record({
  nonce: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  to: fc.uint8Array({ minLength: 20, maxLength: 20 }),
  value: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
  data: fc.array(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), { maxLength: 3 }),
});
const scalar = fc.bigInt({ min: 1n, max: N - 1n });
const v = fc.constantFrom(27n, 28n);
const mirrored = (tx: Transaction): Transaction => ({ ...tx, s: N - tx.s, v: tx.v === 27n ? 28n : 27n });

describe('validateTransaction (libsecp256k1 as WASM) against @noble/curves', () => {
  it('agrees on the real transaction of block 5 and its mirrored high-s twin', () => {
    const tx = realChain().blocks[4]!.block.transactions[0]!;
    expect(nobleSender(tx)).toBe('021200b5a35d2389ea3d9db3e79fe1c69a254662');
    expectAgreement(tx);
    expectAgreement(mirrored(tx));
    expect(hex(validateTransaction(mirrored(tx)))).toBe('021200b5a35d2389ea3d9db3e79fe1c69a254662');
  });

  it('recovers the same sender as noble from any signed transaction and from its high-s mirror', () => {
    fc.assert(
      fc.property(privateKey, fields, (key, f) => {
        const signed = signedTransaction(key, f);
        expectAgreement(signed);
        const twin = mirrored(signed);
        expectAgreement(twin);
        // One of the two has s above n/2: high s is accepted, and it is the same sender.
        const high = signed.s > N / 2n ? signed : twin;
        expect(nodeVerdict(high)).toEqual({ sender: nobleSender(signed) });
      }),
      { numRuns: 60 },
    );
  });

  it('agrees with noble on random r, s and v: the same address or both refuse', () => {
    fc.assert(
      fc.property(fields, scalar, scalar, v, (f, r, s, recovery) => {
        expectAgreement({ ...f, v: recovery, r, s });
      }),
      { numRuns: 80 },
    );
  });

  it('refuses, as noble does, every r that is the x of no curve point', () => {
    fc.assert(
      fc.property(fields, scalar.filter(offTheCurve), scalar, v, (f, r, s, recovery) => {
        const tx = { ...f, v: recovery, r, s };
        expect(nobleSender(tx)).toBeUndefined();
        expect(nodeVerdict(tx)).toEqual({ code: ChainErrorCode.BadSignature });
      }),
      { numRuns: 60 },
    );
  });
});
