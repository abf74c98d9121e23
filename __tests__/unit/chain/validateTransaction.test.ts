import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3';
import fc from 'fast-check';
import type { Transaction } from '../../../wire';
import { ChainErrorCode, isChainError, transactionHash, validateTransaction } from '../../../chain';
import { decodeRlp, encodeRlp } from '../../../wire';
import { addressOf, hex, realChain, sessionMessages, signedTransaction } from './chainFixtures';

const N = secp256k1.CURVE.n;
const P = secp256k1.CURVE.Fp.ORDER;

function codeOf(tx: Transaction): string | undefined {
  try {
    validateTransaction(tx);
  } catch (err: unknown) {
    return isChainError(err) ? err.code : `not a ChainError: ${String(err)}`;
  }
  return undefined;
}

/** The smallest x ≥ 1 for which no curve point exists (x³ + 7 is not a square mod p): r = x cannot be recovered. */
function xOffTheCurve(): bigint {
  const pow = (b: bigint, e: bigint): bigint => {
    let r = 1n;
    for (b %= P; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
    return r;
  };
  for (let x = 1n; ; x++) if (pow(x ** 3n + 7n, (P - 1n) / 2n) !== 1n) return x;
}

describe('validateTransaction', () => {
  const block5 = realChain().blocks[4]!;
  const tx = block5.block.transactions[0]!;

  it('recovers the transaction of block 5 to its coinbase 021200b5a35d2389ea3d9db3e79fe1c69a254662', () => {
    expect(block5.transactions).toBe(1);
    const sender = validateTransaction(tx);
    expect(hex(sender)).toBe('021200b5a35d2389ea3d9db3e79fe1c69a254662');
    expect(hex(sender)).toBe(hex(block5.block.header.coinbase));
  });

  it('hashes a transaction as Keccak-256 of the exact bytes the real client relayed', () => {
    const relayed = sessionMessages().find((m) => m.dir === 'in' && m.cmd === 'Transactions')!;
    const payload = decodeRlp(relayed.frame.subarray(8));
    if (!Array.isArray(payload)) throw new Error('payload is not a list');
    const onTheWire = encodeRlp(payload[1]!);
    expect(hex(transactionHash(tx))).toBe(hex(keccak_256(onTheWire)));
  });

  it('recovers the signer of any transaction signed the 2014 way, and another address once a field changes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => secp256k1.utils.isValidPrivateKey(k)),
        fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
        fc.array(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { maxLength: 4 }),
        (key, value, data) => {
          const signed = signedTransaction(key, {
            nonce: 7n,
            to: new Uint8Array(20).fill(0x11),
            value,
            data,
          });
          expect(hex(validateTransaction(signed))).toBe(hex(addressOf(key)));
          const tampered = { ...signed, nonce: 8n };
          let other: string | undefined;
          try {
            other = hex(validateTransaction(tampered));
          } catch (err: unknown) {
            if (!isChainError(err)) throw err;
          }
          expect(other).not.toBe(hex(addressOf(key)));
        },
      ),
      { numRuns: 25 },
    );
  });

  it.each([
    ['v = 26', { v: 26n }],
    ['v = 29', { v: 29n }],
    ['v = 0', { v: 0n }],
    ['r = 0', { r: 0n }],
    ['s = 0', { s: 0n }],
    ['r = n', { r: N }],
    ['s = n', { s: N }],
    ['s above n', { s: N + 5n }],
  ])('refuses %s with CHAIN_BAD_TX_SHAPE', (_what, change: Partial<Transaction>) => {
    expect(codeOf({ ...tx, ...change })).toBe(ChainErrorCode.BadTxShape);
  });

  it('refuses a signature whose r is no point of the curve with CHAIN_BAD_SIGNATURE', () => {
    expect(codeOf({ ...tx, r: xOffTheCurve() })).toBe(ChainErrorCode.BadSignature);
  });

  it('accepts a high-s signature, which the 2014 clients did not forbid', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    const signed = signedTransaction(key, { nonce: 0n, to: new Uint8Array(20), value: 1n, data: [] });
    // (r, n − s) with the other recovery bit is the same signature, mirrored.
    const mirrored = { ...signed, s: N - signed.s, v: signed.v === 27n ? 28n : 27n };
    const high = signed.s > N / 2n ? signed : mirrored;
    expect(high.s > N / 2n).toBe(true);
    expect(hex(validateTransaction(high))).toBe(hex(addressOf(key)));
  });
});
