import { performance } from 'node:perf_hooks';
import { fromCallback } from 'xstate';
import { FRAME_HEADER_BYTES, FrameDecoder, decodeMessage, encodeMessageFrame, isWireError } from '../wire';
import type { Message, WireError } from '../wire';
import type { ConnectionActorInput } from '../machines/peerMachine';
import type { ConnectionCommand, ConnectionEvent, PeerEvent, WireMessageEvent } from '../machines/peerEvents';
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

/**
 * Decoded events by received chunk, for chunks that are exactly one relayed frame (Transactions, Blocks).
 * A transport never reuses a chunk (`ConnectionHandlers.data`), and the simulator's memory pairs hand every
 * receiver of one relayed frame the same chunk (`copyWrites: false`): seven nodes decode it once, not seven
 * times. The events and their messages are shared, so no consumer may write into them (the message types
 * are readonly throughout; nothing downstream writes into a received message or its byte arrays).
 */
const DECODED = new WeakMap<Uint8Array, WireMessageEvent>();

/** Worth caching: the commands a node relays, whose one frame reaches many peers and costs most to decode. */
const isRelayed = (message: Message): boolean =>
  message.command === 'Transactions' || message.command === 'Blocks';

const processNow = (): number => performance.now();

/** How a node makes its connection actors. */
export interface ConnectionActorOptions {
  /**
   * Milliseconds on the clock the machines' timers run on (the actor system's clock: real time in the
   * service, SimulatedClock in tests and replay, EventClock in the simulator), read for the keep-alive
   * (machines/connectionPort.ts) and the frame budget. Default: the process's monotonic time.
   */
  readonly now?: () => number;
  /**
   * The per-connection frame budget (actors/frameBudget.ts): units refilled per second, a frame being 1 plus 1
   * per transaction it carries. Without it nothing is rationed.
   */
  readonly framesPerSecond?: number;
}

/**
 * The effectful side of a peer: owns one transport connection, turns its byte stream into typed
 * `wire.*` events (FrameDecoder + decodeMessage) and the machine's `connection.send` commands, given through
 * the connection's port (machines/connectionPort.ts), into frames.
 * The first codec error is reported once as `wire.error`; nothing further is read from that peer
 * (CONTRACT.md §3). Stopping the actor closes the transport, so no socket outlives its machine.
 *
 * With `framesPerSecond`, a peer that sends frames faster than its budget refills is sent `Disconnect(Useless
 * peer)` and nothing further from it is decoded: a flood costs us at most one burst of work, never an
 * unbounded queue (every frame is handled synchronously as it is decoded, so none pile up in memory).
 */
export function createConnectionActor(observer: NodeObserver = {}, options: ConnectionActorOptions = {}) {
  // One clock reader for every connection, not a closure per connection (~110 B a peer, tools/bench idle).
  const now = options.now ?? processNow;
  const { framesPerSecond } = options;
  return fromCallback<ConnectionCommand, ConnectionActorInput, ConnectionEvent>(
    ({ input, sendBack, receive }) => {
      const { connection, connId } = input;
      const decoder = new FrameDecoder({ maxFrameBytes: input.maxFrameBytes });
      const port = connectionPort(connection);
      let open = true;
      let readable = true;
      // Every chunk so far was whole frames, so the decoder holds nothing: a chunk may be served from DECODED.
      let aligned = true;
      const bucket = framesPerSecond !== undefined ? createFrameBudget(framesPerSecond) : undefined;

      const fail = (error: WireError): void => {
        readable = false;
        observer.wireError?.(connId, error.code);
        sendBack({ type: 'wire.error', error });
      };

      /** Hands one decoded message to the machine; false when nothing further is to be read. */
      const deliver = (event: WireMessageEvent, frameBytes: number): boolean => {
        const message = event.message;
        observer.frameIn?.(connId, message.command, frameBytes);
        if (bucket && !bucket.take(frameCost(message), now())) {
          readable = false;
          // The node's own decision, given to the machine the way the supervisor gives it.
          sendBack({ type: 'peer.disconnect', reason: 'UselessPeer' } satisfies PeerEvent);
          return false;
        }
        if (!port.handledDirectly(event)) sendBack(event);
        return open && readable;
      };

      observer.connectionOpened?.(connId, input.direction, input.remote);
      connection.start({
        data: (chunk) => {
          observer.chunkIn?.(connId, chunk);
          if (!readable) return;
          if (aligned) {
            const known = DECODED.get(chunk);
            if (known !== undefined && chunk.length - FRAME_HEADER_BYTES <= decoder.maxFrameBytes) {
              port.heard();
              deliver(known, chunk.length);
              return;
            }
          }
          const batch = decoder.push(chunk);
          const frames = batch.frames;
          // The keep-alive counts a chunk that completed a message (machines/connectionPort.ts).
          if (frames.length > 0) port.heard();
          let consumed = 0;
          for (const payload of frames) {
            consumed += payload.length + FRAME_HEADER_BYTES;
            let event: WireMessageEvent;
            try {
              event = wireEvent(decodeMessage(payload));
            } catch (err: unknown) {
              if (!isWireError(err)) throw err;
              fail(err);
              return;
            }
            if (aligned && frames.length === 1 && consumed === chunk.length && isRelayed(event.message)) {
              DECODED.set(chunk, event);
            }
            if (!deliver(event, payload.length + FRAME_HEADER_BYTES)) return;
          }
          aligned &&= consumed === chunk.length && batch.error === undefined;
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
      receive(serve);
      port.open(serve, now);

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
