import { fromCallback } from 'xstate';
import { FrameDecoder, decodeMessage, encodeMessageFrame, isWireError } from '../wire';
import type { Message, WireError } from '../wire';
import type { ConnectionActorInput } from '../machines/peerMachine';
import type { ConnectionCommand, ConnectionEvent, PeerEvent } from '../machines/peerEvents';
import { wireEvent } from '../machines/peerEvents';
import { connectionPort } from '../machines/connectionPort';
import { createFrameBudget, frameCost } from './frameBudget';
import type { NodeObserver } from './observer';

/**
 * Frames by message object, encoded once: the machine's Ping and Pong are constants, and the chain manager
 * hands one message object to every peer it relays to, so fifty peers cost one encoding. Reusing a frame is
 * safe because a transport queues a copy of what it is given (`Connection.write`) and nothing writes into
 * a frame once encoded.
 */
const FRAMES = new WeakMap<Message, Uint8Array>();

function frameOf(message: Message): Uint8Array {
  let frame = FRAMES.get(message);
  if (frame === undefined) {
    frame = encodeMessageFrame(message);
    FRAMES.set(message, frame);
  }
  return frame;
}

/** The per-connection frame budget (actors/frameBudget.ts); without it nothing is rationed. */
export interface ConnectionBudget {
  /** Units refilled per second (a frame is 1, plus 1 per transaction it carries). */
  readonly perSecond: number;
  /** Milliseconds on the node's clock (the same clock as the machines' timers). */
  readonly now: () => number;
}

/**
 * The effectful side of a peer: owns one transport connection, turns its byte stream into typed
 * `wire.*` events (FrameDecoder + decodeMessage) and the machine's `connection.send` commands, given through
 * the connection's port (machines/connectionPort.ts), into frames.
 * The first codec error is reported once as `wire.error`; nothing further is read from that peer
 * (CONTRACT.md §3). Stopping the actor closes the transport, so no socket outlives its machine.
 *
 * With a `budget`, a peer that sends frames faster than its budget refills is sent `Disconnect(Useless
 * peer)` and nothing further from it is decoded: a flood costs us at most one burst of work, never an
 * unbounded queue (every frame is handled synchronously as it is decoded, so none pile up in memory).
 */
export function createConnectionActor(observer: NodeObserver = {}, budget?: ConnectionBudget) {
  return fromCallback<ConnectionCommand, ConnectionActorInput, ConnectionEvent>(
    ({ input, sendBack, receive }) => {
      const { connection, connId } = input;
      const decoder = new FrameDecoder({ maxFrameBytes: input.maxFrameBytes });
      let open = true;
      let readable = true;
      const bucket = budget && createFrameBudget(budget.perSecond);

      const fail = (error: WireError): void => {
        readable = false;
        observer.wireError?.(connId, error.code);
        sendBack({ type: 'wire.error', error });
      };

      observer.connectionOpened?.(connId, input.direction, input.remote);
      connection.start({
        data: (chunk) => {
          observer.chunkIn?.(connId, chunk);
          if (!readable) return;
          const batch = decoder.push(chunk);
          const last = batch.frames.length - 1;
          for (let i = 0; i <= last; i++) {
            const payload = batch.frames[i]!;
            let message: Message;
            try {
              message = decodeMessage(payload);
              observer.frameIn?.(connId, message.command, payload.length + 8);
            } catch (err: unknown) {
              if (!isWireError(err)) throw err;
              fail(err);
              return;
            }
            if (bucket && !bucket.take(frameCost(message), budget.now())) {
              readable = false;
              // The node's own decision, given to the machine the way the supervisor gives it.
              sendBack({ type: 'peer.disconnect', reason: 'UselessPeer' } satisfies PeerEvent);
              return;
            }
            // All but the last of a chunk say `more`: the last restarts the keep-alive (peerMachine, active).
            sendBack(wireEvent(message, i < last));
            if (!open || !readable) return;
          }
          if (batch.error) fail(batch.error);
        },
        closed: (info) => {
          open = false;
          readable = false;
          sendBack({ type: 'transport.closed', info });
        },
      });

      const serve = (command: ConnectionCommand): void => {
        if (!open) return;
        switch (command.type) {
          case 'connection.send': {
            const frame = frameOf(command.message);
            observer.frameOut?.(connId, command.message.command, frame.length);
            observer.chunkOut?.(connId, frame);
            connection.write(frame);
            break;
          }
          case 'connection.stopReading':
            readable = false;
            break;
          case 'connection.close':
            readable = false;
            connection.close();
            break;
        }
      };
      // The machine's send actions come through the connection's port; an event sent to this actor the
      // XState way is served the same.
      const port = connectionPort(connection);
      receive(serve);
      port.open(serve);

      return () => {
        port.close();
        readable = false;
        if (open) connection.close();
      };
    },
  );
}

/** The connection actor with no observer (tests, tools). */
export const connectionActor = createConnectionActor();
