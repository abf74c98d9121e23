import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { RLP } from '@ethereumjs/rlp';
import {
  Command,
  encodeMessageFrame,
  fieldlessMessage,
  FrameDecoder,
  NODE_ID_BYTES,
  helloMessage,
} from '../../../wire';
import type { Target } from './protocol';

/** Frames a load generator writes, encoded once. */
export const PING_FRAME = encodeMessageFrame({ command: 'Ping' });
export const PONG_FRAME = encodeMessageFrame({ command: 'Pong' });

const HELLO_TEMPLATE = encodeMessageFrame(
  helloMessage(new Uint8Array(NODE_ID_BYTES), { clientId: 'pocnode-bench-client' }),
);

/** A Hello frame with a fresh node id (the id is the frame's last 64 bytes): one per connection. */
export function freshHelloFrame(): Buffer {
  const frame = Buffer.from(HELLO_TEMPLATE);
  randomBytes(NODE_ID_BYTES).copy(frame, frame.length - NODE_ID_BYTES);
  return frame;
}

export interface PocSocketHandlers {
  /** The node admitted us: its GetPeers (sent right after admission) arrived. */
  readonly admitted?: (socket: Socket) => void;
  readonly pong?: () => void;
  /** A Transactions frame with `count` transactions arrived. */
  readonly transactions?: (count: number) => void;
  readonly closed?: (admitted: boolean) => void;
}

/**
 * A minimal PoC peer on a raw socket: says Hello with a fresh node id, answers Ping with Pong, and
 * reports admission, Pongs and relayed transactions. It decodes nothing but frame headers, except
 * Transactions frames when asked to count them.
 */
export function connectPoc(target: Target, handlers: PocSocketHandlers, localAddress?: string): Socket {
  const socket = connect({
    host: target.host,
    port: target.port,
    noDelay: true,
    ...(localAddress && { localAddress }),
  });
  const decoder = new FrameDecoder();
  let admitted = false;
  socket.on('connect', () => socket.write(freshHelloFrame()));
  socket.on('data', (chunk: Buffer) => {
    for (const p of decoder.push(chunk).frames) {
      const fieldless = fieldlessMessage(p)?.command;
      if (fieldless === 'Ping') socket.write(PONG_FRAME);
      else if (fieldless === 'Pong') handlers.pong?.();
      else if (fieldless === 'GetPeers') {
        if (!admitted) {
          admitted = true;
          handlers.admitted?.(socket);
        }
      } else if (fieldless === undefined && handlers.transactions) {
        const items = RLP.decode(p);
        if (Array.isArray(items) && items[0] instanceof Uint8Array && items[0][0] === Command.Transactions) {
          handlers.transactions(items.length - 1);
        }
      }
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', () => handlers.closed?.(admitted));
  return socket;
}
