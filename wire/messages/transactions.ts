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
  // Field by field in order, so the first bad field is the one reported.
  const nonce = int(f[0], command, 'nonce');
  const to = expectFixedBytes(f[1], ADDRESS_BYTES, command, 'to');
  const value = int(f[2], command, 'value');
  const items = expectList(f[3], command, 'data');
  const data: bigint[] = [];
  for (let i = 0; i < items.length; i++) data.push(int(items[i], command, 'data item'));
  return {
    nonce,
    to,
    value,
    data,
    v: int(f[4], command, 'v'),
    r: int(f[5], command, 'r'),
    s: int(f[6], command, 's'),
  };
}

function int(item: RlpItem | undefined, command: string, field: string): bigint {
  return decodeBigUintCanonical(expectBytes(item, command, field), command, field);
}

/** One item per transaction: the seed's extra list around them is a bug we do not copy. */
export function encodeTransactions(m: TransactionsMessage): RlpItem[] {
  const out: RlpItem[] = [encodeUint(Command.Transactions)];
  for (const tx of m.transactions) out.push(transactionToRlp(tx));
  return out;
}

export function decodeTransactions(fields: RlpItem[]): TransactionsMessage {
  const transactions: Transaction[] = [];
  for (let i = 0; i < fields.length; i++) transactions.push(transactionFromRlp(fields[i]));
  return { command: 'Transactions', transactions };
}
