import { ADDRESS_BYTES, Command, HASH_BYTES } from '../constants';
import { malformed } from '../errors';
import { decodeBigUintCanonical, encodeUint } from '../integers';
import type { RlpItem } from '../rlpItem';
import { expectBytes, expectFixedBytes, expectList } from '../rlpItem';
import { transactionFromRlp, transactionToRlp } from './transactions';
import type { Block, BlockHeader, BlocksMessage } from './types';

const NAME = 'Blocks';
/** The header's proof-of-work nonce is a 32-byte string, not an integer (see the genesis in chain.json). */
const NONCE_BYTES = 32;

export function headerToRlp(h: BlockHeader): RlpItem[] {
  return [
    h.parentHash,
    h.sha3Uncles,
    h.coinbase,
    h.stateRoot,
    h.sha3Transactions,
    encodeUint(h.difficulty),
    encodeUint(h.timestamp),
    h.extraData,
    h.nonce,
  ];
}

export function headerFromRlp(item: RlpItem | undefined): BlockHeader {
  const f = expectList(item, NAME, 'header');
  if (f.length !== 9) throw malformed(NAME, `header must have 9 fields, got ${f.length}`);
  const hash = (i: number, field: string): Uint8Array => expectFixedBytes(f[i], HASH_BYTES, NAME, field);
  return {
    parentHash: hash(0, 'parentHash'),
    sha3Uncles: hash(1, 'sha3Uncles'),
    coinbase: expectFixedBytes(f[2], ADDRESS_BYTES, NAME, 'coinbase'),
    stateRoot: hash(3, 'stateRoot'),
    sha3Transactions: hash(4, 'sha3Transactions'),
    difficulty: decodeBigUintCanonical(expectBytes(f[5], NAME, 'difficulty'), NAME, 'difficulty'),
    timestamp: decodeBigUintCanonical(expectBytes(f[6], NAME, 'timestamp'), NAME, 'timestamp'),
    extraData: expectBytes(f[7], NAME, 'extraData'),
    nonce: expectFixedBytes(f[8], NONCE_BYTES, NAME, 'nonce'),
  };
}

/** `[header, transactions, uncles]`: the block hash is Keccak-256 of exactly this structure's RLP. */
export function blockToRlp(b: Block): RlpItem[] {
  return [headerToRlp(b.header), b.transactions.map(transactionToRlp), b.uncles.map(headerToRlp)];
}

export function blockFromRlp(item: RlpItem | undefined): Block {
  const f = expectList(item, NAME, 'block');
  if (f.length !== 3) throw malformed(NAME, `block must have 3 fields, got ${f.length}`);
  return {
    header: headerFromRlp(f[0]),
    transactions: expectList(f[1], NAME, 'transaction list').map((t) => transactionFromRlp(t, NAME)),
    uncles: expectList(f[2], NAME, 'uncle list').map(headerFromRlp),
  };
}

export function encodeBlocks(m: BlocksMessage): RlpItem[] {
  const out: RlpItem[] = [encodeUint(Command.Blocks)];
  for (const b of m.blocks) out.push(blockToRlp(b));
  return out;
}

export function decodeBlocks(fields: RlpItem[]): BlocksMessage {
  return { command: 'Blocks', blocks: fields.map(blockFromRlp) };
}
