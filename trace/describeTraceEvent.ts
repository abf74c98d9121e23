import { blockHash, toHex } from '../chain/blockHash';
import type { Message } from '../wire';
import { FrameDecoder, decodeMessage, describeDisconnectReason, isWireError } from '../wire';
import type { TraceEvent } from './traceFormat';

const short = (bytes: Uint8Array | undefined): string => (bytes ? toHex(bytes).slice(0, 8) + '…' : 'none');
const list = (items: readonly string[], max = 3): string =>
  items.slice(0, max).join(', ') + (items.length > max ? `, … ${items.length - max} more` : '');

/** One message as a person reads it: `Hello{client=…,port=30303}`, `Disconnect(Bad protocol)`, `Pong`. */
export function describeMessage(m: Message): string {
  switch (m.command) {
    case 'Hello':
      return (
        `Hello{client=${m.clientId},version=${m.protocolVersion},network=${m.networkId},` +
        `caps=${m.capabilities},port=${m.listenPort},node=${short(m.nodeId)}}`
      );
    case 'Disconnect':
      return `Disconnect(${describeDisconnectReason(m.reason)})`;
    case 'Ping':
    case 'Pong':
    case 'GetPeers':
    case 'GetTransactions':
      return m.command;
    case 'Peers':
      return `Peers[${m.peers.length}${m.peers.length ? ': ' + list(m.peers.map((p) => `${p.ip}:${p.port}`)) : ''}]`;
    case 'Transactions':
      return `Transactions[${m.transactions.length}]`;
    case 'Blocks':
      return `Blocks[${m.blocks.length}${m.blocks.length ? ': ' + list(m.blocks.map((b) => short(blockHash(b)))) : ''}]`;
    case 'GetChain':
      return `GetChain{parents=[${list(m.parents.map((p) => short(p)))}],count=${m.count}}`;
    case 'NotInChain':
      return `NotInChain{${short(m.hash)}}`;
  }
}

/**
 * Describes a stream's chunks as the frames they complete: each call pushes one chunk through the same
 * decoder, so a frame split over chunks is named by the chunk that ends it.
 */
export function createChunkDescriber(): (hex: string) => string {
  const decoder = new FrameDecoder();
  let failed = false;
  return (hex: string): string => {
    const bytes = Uint8Array.from(Buffer.from(hex, 'hex'));
    const size = bytes.length === 1 ? '1 byte' : `${bytes.length} bytes`;
    if (failed) return `${size} after a bad frame`;
    const batch = decoder.push(bytes);
    const names = batch.frames.map((payload) => {
      try {
        return describeMessage(decodeMessage(payload));
      } catch (err: unknown) {
        if (!isWireError(err)) throw err;
        return `undecodable frame (${err.code})`;
      }
    });
    if (batch.error) {
      failed = true;
      names.push(`bad bytes (${batch.error.code})`);
    }
    if (decoder.bufferedBytes > 0)
      names.push(names.length ? 'the start of another frame' : `${size} of a frame`);
    return names.length ? names.join(', ') : size;
  };
}

/** An event as one readable line; `in`/`out` chunks are decoded on their own (see `createChunkDescriber`). */
export function describeTraceEvent(event: TraceEvent, chunk?: (hex: string) => string): string {
  switch (event.ev) {
    case 'open':
      return `open ${event.dir === 'in' ? 'inbound from' : 'outbound to'} ${event.remote}`;
    case 'in':
    case 'out':
      return `${event.ev} ${(chunk ?? createChunkDescriber())(event.hex)}`;
    case 'state':
      return `state ${JSON.stringify(event.value)}`;
    case 'close':
      return `close by ${event.by}`;
    case 'stop':
      return 'stop (node shutting down)';
    case 'dropped':
      return `dropped ${event.count} events`;
    case 'end':
      return 'end of recording';
  }
}
