import { Command, HASH_BYTES } from '../constants';
import { malformed } from '../errors';
import { decodeUintLenient, encodeUint } from '../integers';
import type { RlpItem } from '../rlpItem';
import { expectBytes, expectFixedBytes } from '../rlpItem';
import type { GetChainMessage, NotInChainMessage } from './types';

/** `GetChain parent_1 … parent_n count`: the count is the last item. */
export function encodeGetChain(m: GetChainMessage): RlpItem[] {
  return [encodeUint(Command.GetChain), ...m.parents, encodeUint(m.count)];
}

export function decodeGetChain(fields: RlpItem[]): GetChainMessage {
  if (fields.length < 2) throw malformed('GetChain', 'expected at least one parent hash and a count');
  const last = fields.length - 1;
  const count = decodeUintLenient(expectBytes(fields[last], 'GetChain', 'count'), 'GetChain', 'count', 4);
  const parents: Uint8Array[] = [];
  for (let i = 0; i < last; i++) parents.push(expectFixedBytes(fields[i], HASH_BYTES, 'GetChain', 'parent'));
  return { command: 'GetChain', parents, count };
}

export function encodeNotInChain(m: NotInChainMessage): RlpItem[] {
  return [encodeUint(Command.NotInChain), m.hash];
}

export function decodeNotInChain(fields: RlpItem[]): NotInChainMessage {
  if (fields.length !== 1) throw malformed('NotInChain', `expected 1 hash, got ${fields.length}`);
  return { command: 'NotInChain', hash: expectFixedBytes(fields[0], HASH_BYTES, 'NotInChain', 'hash') };
}
