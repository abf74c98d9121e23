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
import { encodeFrame, encodeRlpFrame } from './frameEncoder';
import { preEncodedBytes } from './preEncodedTransactions';

type FieldlessCommand = 'Ping' | 'Pong' | 'GetPeers' | 'GetTransactions';
const FIELDLESS: readonly FieldlessCommand[] = ['Ping', 'Pong', 'GetPeers', 'GetTransactions'];

const ONLY_COMMAND: Record<FieldlessCommand, RlpItem[]> = {
  Ping: [encodeUint(Command.Ping)],
  Pong: [encodeUint(Command.Pong)],
  GetPeers: [encodeUint(Command.GetPeers)],
  GetTransactions: [encodeUint(Command.GetTransactions)],
};

/*
 * The four field-less messages (the keep-alive and the requests) have exactly one payload each; their
 * payloads and frames are encoded once, by @ethereumjs/rlp, when this module loads. Encoding hands out a copy
 * of the frame, and decoding recognises the payload by its bytes before any RLP decoding: a Ping answered
 * with a Pong then costs a comparison and a copy (tools/bench, peer).
 */
const FIELDLESS_PAYLOAD: Record<FieldlessCommand, Uint8Array> = {
  Ping: encodeRlp(ONLY_COMMAND.Ping),
  Pong: encodeRlp(ONLY_COMMAND.Pong),
  GetPeers: encodeRlp(ONLY_COMMAND.GetPeers),
  GetTransactions: encodeRlp(ONLY_COMMAND.GetTransactions),
};
const FIELDLESS_FRAME: Record<FieldlessCommand, Uint8Array> = {
  Ping: encodeFrame(FIELDLESS_PAYLOAD.Ping),
  Pong: encodeFrame(FIELDLESS_PAYLOAD.Pong),
  GetPeers: encodeFrame(FIELDLESS_PAYLOAD.GetPeers),
  GetTransactions: encodeFrame(FIELDLESS_PAYLOAD.GetTransactions),
};
/** Decoded field-less messages, shared (messages are read-only), by their two payload bytes. */
const FIELDLESS_BY_PAYLOAD = new Map<number, Message>(
  FIELDLESS.filter((c) => FIELDLESS_PAYLOAD[c].length === 2).map((c) => [
    (FIELDLESS_PAYLOAD[c][0]! << 8) | FIELDLESS_PAYLOAD[c][1]!,
    Object.freeze({ command: c }),
  ]),
);

function isFieldless(m: Message): m is Message & { command: FieldlessCommand } {
  return (
    m.command === 'Ping' ||
    m.command === 'Pong' ||
    m.command === 'GetPeers' ||
    m.command === 'GetTransactions'
  );
}

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

/**
 * A message's payload: the RLP of `[command, ...fields]` (canonical integers). A message built by
 * preEncodedTransactions has its payload spliced from its stored transaction encodings.
 */
export function encodeMessage(m: Message): Uint8Array {
  if (isFieldless(m)) return FIELDLESS_PAYLOAD[m.command].slice();
  return preEncodedBytes(m, false) ?? encodeRlp(messageToRlp(m));
}

/** A whole frame (header + payload) ready for the socket. */
export function encodeMessageFrame(m: Message): Uint8Array {
  if (isFieldless(m)) return FIELDLESS_FRAME[m.command].slice();
  return preEncodedBytes(m, true) ?? encodeRlpFrame(messageToRlp(m));
}

function noFields(name: 'Ping' | 'Pong' | 'GetPeers' | 'GetTransactions', fields: RlpItem[]): Message {
  if (fields.length !== 0) throw malformed(name, `expected no fields, got ${fields.length}`);
  return { command: name };
}

/**
 * The decoded message of a field-less command's payload (Ping, Pong, GetPeers, GetTransactions: the RLP
 * list of the one-byte id, `c1 <id>`), or undefined for any other payload. It reads two bytes and decodes
 * nothing; the message is shared and frozen. `decodeMessage`'s fast path, and how the load generators in
 * tools/bench recognise the node's frames.
 */
export function fieldlessMessage(payload: Uint8Array): Message | undefined {
  return payload.length === 2 ? FIELDLESS_BY_PAYLOAD.get((payload[0]! << 8) | payload[1]!) : undefined;
}

/** Decodes one frame's payload into a typed message, or throws a `WireError`. */
export function decodeMessage(payload: Uint8Array): Message {
  const fieldless = fieldlessMessage(payload);
  if (fieldless !== undefined) return fieldless;
  const fields = decodeRlp(payload);
  if (!Array.isArray(fields))
    throw new WireError({ code: WireErrorCode.BadRlp, reason: 'payload is not a list' });
  // The decoded list is ours: taking its head off in place leaves the fields without copying them.
  const head = fields.shift();
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
