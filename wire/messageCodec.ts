import { Command, commandName } from './constants';
import { WireError, WireErrorCode, malformed } from './errors';
import { decodeUintLenient, encodeUint } from './integers';
import { decodeBlocks, encodeBlocks } from './messages/blocks';
import { decodeGetChain, decodeNotInChain, encodeGetChain, encodeNotInChain } from './messages/chain';
import { decodeDisconnect, encodeDisconnect } from './messages/disconnect';
import { decodeHello, encodeHello } from './messages/hello';
import { decodePeers, encodePeers } from './messages/peers';
import { decodeTransactions, encodeTransactions } from './messages/transactions';
import type { Message } from './messages/types';
import type { RlpItem } from './rlpItem';
import { decodeRlp, encodeRlp } from './rlpItem';
import { encodeRlpFrame } from './frameEncoder';

const ONLY_COMMAND: Record<'Ping' | 'Pong' | 'GetPeers' | 'GetTransactions', RlpItem[]> = {
  Ping: [encodeUint(Command.Ping)],
  Pong: [encodeUint(Command.Pong)],
  GetPeers: [encodeUint(Command.GetPeers)],
  GetTransactions: [encodeUint(Command.GetTransactions)],
};

/** The RLP structure `[command, ...fields]` of a message. */
export function messageToRlp(m: Message): RlpItem[] {
  switch (m.command) {
    case 'Hello':
      return encodeHello(m);
    case 'Disconnect':
      return encodeDisconnect(m);
    case 'Ping':
    case 'Pong':
    case 'GetPeers':
    case 'GetTransactions':
      return ONLY_COMMAND[m.command];
    case 'Peers':
      return encodePeers(m);
    case 'Transactions':
      return encodeTransactions(m);
    case 'Blocks':
      return encodeBlocks(m);
    case 'GetChain':
      return encodeGetChain(m);
    case 'NotInChain':
      return encodeNotInChain(m);
  }
}

/** A message's payload: the RLP of `[command, ...fields]` (canonical integers). */
export function encodeMessage(m: Message): Uint8Array {
  return encodeRlp(messageToRlp(m));
}

/** A whole frame (header + payload) ready for the socket. */
export function encodeMessageFrame(m: Message): Uint8Array {
  return encodeRlpFrame(messageToRlp(m));
}

function noFields(name: 'Ping' | 'Pong' | 'GetPeers' | 'GetTransactions', fields: RlpItem[]): Message {
  if (fields.length !== 0) throw malformed(name, `expected no fields, got ${fields.length}`);
  return { command: name };
}

/** Decodes one frame's payload into a typed message, or throws a `WireError`. */
export function decodeMessage(payload: Uint8Array): Message {
  const root = decodeRlp(payload);
  if (!Array.isArray(root))
    throw new WireError({ code: WireErrorCode.BadRlp, reason: 'payload is not a list' });
  const [head, ...fields] = root;
  if (!(head instanceof Uint8Array)) {
    throw new WireError({ code: WireErrorCode.BadRlp, reason: 'payload has no command id' });
  }
  if (head.length > 4) throw new WireError({ code: WireErrorCode.UnknownCommand, command: 0xffffffff });
  const id = decodeUintLenient(head, 'frame', 'command', 4);
  const name = commandName(id);
  switch (name) {
    case undefined:
      throw new WireError({ code: WireErrorCode.UnknownCommand, command: id });
    case 'Hello':
      return decodeHello(fields);
    case 'Disconnect':
      return decodeDisconnect(fields);
    case 'Ping':
    case 'Pong':
    case 'GetPeers':
    case 'GetTransactions':
      return noFields(name, fields);
    case 'Peers':
      return decodePeers(fields);
    case 'Transactions':
      return decodeTransactions(fields);
    case 'Blocks':
      return decodeBlocks(fields);
    case 'GetChain':
      return decodeGetChain(fields);
    case 'NotInChain':
      return decodeNotInChain(fields);
  }
}
