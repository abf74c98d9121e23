import * as rlpModule from '@ethereumjs/rlp';
import fc from 'fast-check';
import {
  decodeMessage,
  encodeMessage,
  encodeMessageFrame,
  encodeRlp,
  preEncodedTransactions,
  transactionToRlp,
} from '../../../wire';
import type { EncodedTransaction, Transaction, TransactionsMessage } from '../../../wire';
import { PROPERTY_BOUNDS, messageArbitraries } from '../../../tools/fuzz/wireArbitraries';
import { loadSession, sameBytes } from '../../helpers/vectors';
import { chainBlockRlps, realTransaction } from './examples';

const { transaction: transactionArb } = messageArbitraries(PROPERTY_BOUNDS);

const encoded = (tx: Transaction): EncodedTransaction => ({ tx, rlp: encodeRlp(transactionToRlp(tx)) });
const plain = (txs: readonly Transaction[]): TransactionsMessage => ({
  command: 'Transactions',
  transactions: txs,
});

describe('a Transactions message from stored transaction RLP', () => {
  it('frames and encodes byte for byte as the plain message, for any transactions', () => {
    fc.assert(
      fc.property(fc.array(transactionArb, { maxLength: 8 }), (txs) => {
        const entries = txs.map(encoded);
        const m = preEncodedTransactions(entries);
        const frame = encodeMessageFrame(plain(txs));
        expect(encodeMessageFrame(m)).toEqual(frame);
        expect(encodeMessage(m)).toEqual(encodeMessage(plain(txs)));
        expect(decodeMessage(encodeMessage(m))).toEqual(plain(txs));
      }),
      { numRuns: 100 },
    );
  });

  it('frames the real transaction of block 5 exactly as cpp-ethereum v0.3.11 sent it', () => {
    const sent = loadSession().find((f) => f.dir === 'in' && f.cmd === 'Transactions');
    expect(sent).toBeDefined();
    const entry = encoded(realTransaction);
    // The stored RLP is the block's own bytes for the transaction, and the frame is the client's frame.
    expect(Buffer.from(chainBlockRlps[4]!).includes(Buffer.from(entry.rlp))).toBe(true);
    expect(encodeMessageFrame(preEncodedTransactions([entry]))).toEqual(sent!.frame);
  });

  it('frames a full pool of 4,096 transactions (a three-byte list length) as the plain message', () => {
    const txs = Array.from({ length: 4096 }, (_, i) => ({
      ...realTransaction,
      nonce: BigInt(i),
      value: BigInt(i) << 40n,
    }));
    const m = preEncodedTransactions(txs.map(encoded));
    const frame = encodeMessageFrame(m);
    expect(frame[8]).toBe(0xfa);
    expect(sameBytes(frame, encodeMessageFrame(plain(txs)))).toBe(true);
  });

  it('encodes no transaction and calls RLP.encode not at all when framing', () => {
    const txs = fc.sample(transactionArb, { numRuns: 20, seed: 7 });
    const m = preEncodedTransactions(txs.map(encoded));
    const rlpEncode = jest.spyOn(rlpModule.RLP, 'encode');
    try {
      encodeMessageFrame(m);
      encodeMessage(m);
      expect(rlpEncode).not.toHaveBeenCalled();
      // The same spy sees the plain message's encoding: the check above could fail.
      encodeMessageFrame(plain(txs));
      expect(rlpEncode).toHaveBeenCalled();
    } finally {
      rlpEncode.mockRestore();
    }
  });

  it('hands out a fresh frame on every call, so a writer that reuses its buffer cannot corrupt the next', () => {
    const m = preEncodedTransactions([encoded(realTransaction)]);
    const first = encodeMessageFrame(m);
    first.fill(0);
    expect(encodeMessageFrame(m)).toEqual(encodeMessageFrame(plain(m.transactions)));
  });

  it('freezes the message and its list, so the spliced bytes cannot go stale', () => {
    const m = preEncodedTransactions([encoded(realTransaction)]);
    expect(Object.isFrozen(m)).toBe(true);
    expect(Object.isFrozen(m.transactions)).toBe(true);
    expect(() => (m.transactions as Transaction[]).push(realTransaction)).toThrow(TypeError);
  });

  it('frames an empty list as the plain empty Transactions message', () => {
    expect(encodeMessageFrame(preEncodedTransactions([]))).toEqual(encodeMessageFrame(plain([])));
  });
});
