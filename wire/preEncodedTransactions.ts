import { Command, FRAME_HEADER_BYTES } from './constants';
import { writeFrameHeader } from './frameEncoder';
import { encodeUint } from './integers';
import type { Message, Transaction, TransactionsMessage } from './messages/types';
import { encodeRlp } from './rlpItem';
import { rlpListOfEncoded } from './rlpListOfEncoded';

/**
 * A transaction with its RLP as it goes on the wire (`encodeRlp(transactionToRlp(tx))`), e.g. a pool entry
 * that kept the encoding it was hashed from.
 */
export interface EncodedTransaction {
  readonly tx: Transaction;
  readonly rlp: Uint8Array;
}

/** The payload's first item: the command id, RLP-encoded (one byte, 0x12). */
const COMMAND_ITEM = encodeRlp(encodeUint(Command.Transactions));

/**
 * The item encodings (`[command, tx1, tx2, …]`) of the messages built by `preEncodedTransactions`.
 * encodeMessage / encodeMessageFrame splice these instead of encoding the transactions again; a WeakMap
 * so the message type stays the plain TransactionsMessage and an entry lives exactly as long as its message.
 */
const ITEMS = new WeakMap<Message, readonly Uint8Array[]>();

function itemsOf(rlps: readonly Uint8Array[]): Uint8Array[] {
  const items = new Array<Uint8Array>(rlps.length + 1);
  items[0] = COMMAND_ITEM;
  for (let i = 0; i < rlps.length; i++) items[i + 1] = rlps[i]!;
  return items;
}

function frameOfItems(items: readonly Uint8Array[]): Uint8Array {
  return writeFrameHeader(rlpListOfEncoded(items, FRAME_HEADER_BYTES));
}

/**
 * A Transactions message whose encoding is spliced from `entries`' stored RLP: encodeMessage and
 * encodeMessageFrame give the same bytes as for the plain message, without encoding a transaction (the
 * GetTransactions answer is the whole pool, up to 4,096 of them, per request; RELIABILITY.md, Soak).
 * Each `rlp` must be its `tx`'s encoding. The message and its list are frozen: the spliced bytes can
 * never go stale behind an edit.
 */
export function preEncodedTransactions(entries: readonly EncodedTransaction[]): TransactionsMessage {
  const transactions = Object.freeze(entries.map((e) => e.tx));
  const message: TransactionsMessage = Object.freeze({ command: 'Transactions', transactions });
  ITEMS.set(message, Object.freeze(itemsOf(entries.map((e) => e.rlp))));
  return message;
}

/** The payload (or, with `frame`, the whole frame) of a message from `preEncodedTransactions`, else undefined. */
export function preEncodedBytes(m: Message, frame: boolean): Uint8Array | undefined {
  const items = ITEMS.get(m);
  if (items === undefined) return undefined;
  return frame ? frameOfItems(items) : rlpListOfEncoded(items);
}
