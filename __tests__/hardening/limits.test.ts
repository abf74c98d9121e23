import {
  DEFAULT_FRAME_BUDGET_PER_SECOND,
  FRAME_BUDGET_BURST_SECONDS,
  GET_TRANSACTIONS_COST,
  frameBudgetCapacity,
  frameCost,
} from '../../actors/frameBudget';
import { IP_BURST_SECONDS, IpRateLimiter } from '../../actors/ipRateLimiter';
import { TokenBucket } from '../../actors/tokenBucket';
import { DEFAULT_MAX_POOLED_TRANSACTIONS } from '../../chain/txPool';
import {
  MAX_RLP_DEPTH,
  MAX_RLP_ITEMS,
  WireError,
  WireErrorCode,
  blockFromRlp,
  decodeMessage,
  decodeRlp,
  encodeRlp,
  encodeUint,
  rlpShapeViolation,
} from '../../wire';
import type { RlpItem } from '../../wire';
import { loadChain } from '../helpers/vectors';

/** The bounds the hardening added: token buckets, per-IP admission, frame cost, RLP shape. */

describe('TokenBucket', () => {
  it('starts full, spends, and refills at its rate up to its capacity', () => {
    const b = new TokenBucket(10, 5);
    expect(b.take(10, 0)).toBe(true);
    expect(b.take(1, 0)).toBe(false);
    expect(b.take(1, 199)).toBe(false); // 0.995 tokens
    expect(b.take(1, 200)).toBe(true);
    expect(b.available(100_000)).toBe(10);
    expect(b.isFull(100_000)).toBe(true);
  });

  it('never gains tokens from a clock that steps back', () => {
    const b = new TokenBucket(4, 1);
    b.take(4, 10_000);
    expect(b.available(0)).toBe(0);
    expect(b.available(11_000)).toBe(1);
  });
});

describe('IpRateLimiter', () => {
  it('accepts a burst per address, then its rate, each address on its own', () => {
    expect(new IpRateLimiter(10).burst).toBe(10 * IP_BURST_SECONDS);
    const l = new IpRateLimiter(3, 3);
    expect([1, 2, 3, 4].map(() => l.allow('10.0.0.1', 0))).toEqual([true, true, true, false]);
    expect(l.allow('10.0.0.2', 0)).toBe(true);
    expect(l.allow('10.0.0.1', 333)).toBe(false);
    expect(l.allow('10.0.0.1', 334)).toBe(true);
    expect(l.refused).toBe(2);
  });

  it('tracks a bounded number of addresses, forgetting the least recently seen', () => {
    const l = new IpRateLimiter(1, 1, 100);
    for (let i = 0; i < 10_000; i++) l.allow(`10.0.${i >> 8}.${i & 0xff}`, 0);
    expect(l.tracked).toBe(100);
    // The most recent address is still throttled; a forgotten one starts afresh.
    expect(l.allow('10.0.39.15', 0)).toBe(false);
    expect(l.allow('10.0.0.0', 0)).toBe(true);
  });
});

describe('frameCost', () => {
  it('charges 1 a frame plus 1 a transaction carried, so the real chain and a full pool fit one burst', () => {
    const blocks = loadChain().blocks.map((b) => blockFromRlp(decodeRlp(b.rlp)));
    expect(frameCost({ command: 'Ping' })).toBe(1);
    // 11 blocks, one of them with one transaction.
    expect(frameCost({ command: 'Blocks', blocks })).toBe(1 + 11 + 1);
    const tx = blocks[4]!.transactions[0]!;
    const fullPool = Array.from({ length: DEFAULT_MAX_POOLED_TRANSACTIONS }, () => tx);
    const cost = frameCost({ command: 'Transactions', transactions: fullPool });
    expect(cost).toBe(1 + DEFAULT_MAX_POOLED_TRANSACTIONS);
    expect(cost).toBeLessThanOrEqual(frameBudgetCapacity(DEFAULT_FRAME_BUDGET_PER_SECOND));
  });

  it('charges the requests whose answers are big by what they may bring', () => {
    expect(frameCost({ command: 'GetTransactions' })).toBe(GET_TRANSACTIONS_COST);
    expect(frameCost({ command: 'GetChain', parents: [new Uint8Array(32)], count: 256 })).toBe(32);
    // However small a configured budget, its burst pays for two whole-queue answers.
    expect(frameBudgetCapacity(1)).toBe(2 * GET_TRANSACTIONS_COST);
    expect(frameBudgetCapacity(1024)).toBe(1024 * FRAME_BUDGET_BURST_SECONDS);
  });
});

/** `[[[…[x]…]]]`, `depth` lists deep. */
function nested(depth: number): RlpItem {
  let item: RlpItem = Uint8Array.of(1);
  for (let i = 0; i < depth; i++) item = [item];
  return item;
}

/** A list of `n` one-byte items behind a command id, written without building `n` objects. */
function flatPayload(command: number, n: number): Uint8Array {
  const bodyLength = 1 + n;
  const len = encodeUint(bodyLength);
  const out = new Uint8Array(1 + len.length + bodyLength).fill(0x01);
  out[0] = 0xf7 + len.length;
  out.set(len, 1);
  out[1 + len.length] = command;
  return out;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err: unknown) {
    return err instanceof WireError ? err.code : `not a WireError: ${String(err)}`;
  }
  return undefined;
}

describe('RLP shape bounds', () => {
  it(`decodes lists nested ${MAX_RLP_DEPTH} deep and refuses one level more with WIRE_BAD_RLP`, () => {
    expect(rlpShapeViolation(encodeRlp(nested(MAX_RLP_DEPTH)))).toBeUndefined();
    expect(decodeRlp(encodeRlp(nested(MAX_RLP_DEPTH)))).toEqual(nested(MAX_RLP_DEPTH));
    expect(rlpShapeViolation(encodeRlp(nested(MAX_RLP_DEPTH + 1)))).toMatch(/nested/);
    expect(codeOf(() => decodeRlp(encodeRlp(nested(MAX_RLP_DEPTH + 1))))).toBe(WireErrorCode.BadRlp);
  });

  it(`counts every item: ${MAX_RLP_ITEMS} in a payload pass, one more is refused`, () => {
    // The payload list itself and its command id are two of the items.
    expect(rlpShapeViolation(flatPayload(0x12, MAX_RLP_ITEMS - 2))).toBeUndefined();
    expect(rlpShapeViolation(flatPayload(0x12, MAX_RLP_ITEMS - 1))).toMatch(/items/);
  });

  it('refuses a 16 MiB payload of one-byte items as bad RLP before the message decoder sees it', () => {
    const payload = flatPayload(0x12, 16 * 1024 * 1024 - 8);
    expect(codeOf(() => decodeMessage(payload))).toBe(WireErrorCode.BadRlp);
  });

  it('leaves every verdict on malformed RLP to the decoder (the scan only counts)', () => {
    // A string whose header claims more than there is, and a list whose items overrun it.
    for (const hex of ['b90400', 'c3010203040506', 'f90000', 'bf0000000000000001']) {
      const bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
      expect(rlpShapeViolation(bytes)).toBeUndefined();
      expect(codeOf(() => decodeRlp(bytes))).toBe(WireErrorCode.BadRlp);
    }
  });
});
