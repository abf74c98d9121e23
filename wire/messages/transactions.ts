import { ADDRESS_BYTES, Command } from '../constants';
import { malformed } from '../errors';
import { decodeBigUintCanonical, encodeUint } from '../integers';
import type { RlpItem } from '../rlpItem';
import { expectBytes, expectFixedBytes, expectList } from '../rlpItem';
import type { Transaction, TransactionsMessage } from './types';

const NAME = 'Transactions';

/** The RLP structure of one transaction; its Keccak-256 is the transaction's identity. */
export function transactionToRlp(tx: Transaction): RlpItem[] {
  return [
    encodeUint(tx.nonce),
    tx.to,
    encodeUint(tx.value),
    tx.data.map((d) => encodeUint(d)),
    encodeUint(tx.v),
    encodeUint(tx.r),
    encodeUint(tx.s),
  ];
}

/**
 * Integers must be canonical here: transactions are hashed and v0.3.11 rejected a leading zero
 * (RLP::isInt), so strictness keeps re-encoding byte-exact.
 */
export function transactionFromRlp(item: RlpItem | undefined, command: string = NAME): Transaction {
  const f = expectList(item, command, 'transaction');
  if (f.length !== 7) throw malformed(command, `transaction must have 7 fields, got ${f.length}`);
  const int = (i: number, field: string): bigint =>
    decodeBigUintCanonical(expectBytes(f[i], command, field), command, field);
  return {
    nonce: int(0, 'nonce'),
    to: expectFixedBytes(f[1], ADDRESS_BYTES, command, 'to'),
    value: int(2, 'value'),
    data: expectList(f[3], command, 'data').map((d) =>
      decodeBigUintCanonical(expectBytes(d, command, 'data item'), command, 'data item'),
    ),
    v: int(4, 'v'),
    r: int(5, 'r'),
    s: int(6, 's'),
  };
}

/** One item per transaction: the seed's extra list around them is a bug we do not copy. */
export function encodeTransactions(m: TransactionsMessage): RlpItem[] {
  const out: RlpItem[] = [encodeUint(Command.Transactions)];
  for (const tx of m.transactions) out.push(transactionToRlp(tx));
  return out;
}

export function decodeTransactions(fields: RlpItem[]): TransactionsMessage {
  return { command: 'Transactions', transactions: fields.map((f) => transactionFromRlp(f)) };
}
