import { performance } from 'node:perf_hooks';
import type { ActorRef, Snapshot } from 'xstate';
import { FRAME_HEADER_BYTES, FrameDecoder, decodeMessage, encodeMessageFrame, isWireError } from '../wire';
import type { Message, WireError } from '../wire';
import type { PeerContext } from '../machines/peerMachine';
import type { ConnectionCommand, PeerEvent, WireMessageEvent } from '../machines/peerEvents';
import { wireEvent } from '../machines/peerEvents';
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

/** How a node makes its connection actions. */
export interface ConnectionActionsOptions {
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

/** The peer actor as its actions see it: events are sent to it, and its end is observed. */
export type PeerSelf = ActorRef<Snapshot<unknown>, PeerEvent>;

/** What `openConnection` is given: the peer's context and the peer actor itself. */
export interface OpenConnectionArgs {
  readonly context: PeerContext;
  readonly self: PeerSelf;
}

/** The actions a peer machine is given for its connection (`peerMachine.provide({ actions })`). */
export interface ConnectionActions {
  /** The peer machine's root entry: starts reading the transport and serving the port's commands. */
  readonly openConnection: (args: OpenConnectionArgs) => void;
}

/**
 * The effectful side of a peer, as actions its machine is given: `openConnection` (the machine's root entry,
 * before `awaitingHello` sends our Hello) takes the peer's transport connection, turns its byte stream into
 * typed `wire.*` events (FrameDecoder + decodeMessage) sent to the peer actor, and the machine's
 * `connection.send` commands, given through the connection's port (machines/connectionPort.ts), into frames.
 * The first codec error is reported once as `wire.error`; nothing further is read from that peer
 * (CONTRACT.md §3). When the peer actor ends (its final state `closed`, stopped, or failed) the port is
 * closed and so is the transport, if still open: no socket outlives its machine.
 *
 * Actions, not an invoked actor: the invoked `connection` actor (fromCallback) every peer had cost XState
 * CPU at every handshake (its Actor and initial snapshot, start, the `children` record, its stop: tools/bench
 * row `peer.xstate.invokedActor`, 32–43 CPU-µs in the runs before the change, 47 in session 4's final run) and
 * ~1.8 KB an idle peer, a tenth of a handshake's CPU at issue 8's 2,000 handshakes/s. XState v5 runs no exit actions when an actor is stopped, so the end is observed with a
 * subscription to the peer actor: its observers are completed when it reaches its final state and when it
 * is stopped, and given the error when it fails.
 *
 * With `framesPerSecond`, a peer that sends frames faster than its budget refills is sent `Disconnect(Useless
 * peer)` and nothing further from it is decoded: a flood costs us at most one burst of work, never an
 * unbounded queue (every frame is handled synchronously as it is decoded, so none pile up in memory).
 */
export function createConnectionActions(
  observer: NodeObserver = {},
  options: ConnectionActionsOptions = {},
): ConnectionActions {
  // One clock reader for every connection, not a closure per connection (~110 B a peer, tools/bench idle).
  const now = options.now ?? processNow;
  const { framesPerSecond } = options;
  const openConnection = ({ context, self }: OpenConnectionArgs): void => {
    const { connection, connId, port } = context;
    const decoder = new FrameDecoder({ maxFrameBytes: context.maxFrameBytes });
    let open = true;
    let readable = true;
    let ended = false;
    // Every chunk so far was whole frames, so the decoder holds nothing: a chunk may be served from DECODED.
    let aligned = true;
    const bucket = framesPerSecond !== undefined ? createFrameBudget(framesPerSecond) : undefined;

    const fail = (error: WireError): void => {
      readable = false;
      observer.wireError?.(connId, error.code);
      self.send({ type: 'wire.error', error });
    };

    /** Hands one decoded message to the machine; false when nothing further is to be read. */
    const deliver = (event: WireMessageEvent, frameBytes: number): boolean => {
      const message = event.message;
      observer.frameIn?.(connId, message.command, frameBytes);
      if (bucket && !bucket.take(frameCost(message), now())) {
        readable = false;
        // The node's own decision, given to the machine the way the supervisor gives it.
        self.send({ type: 'peer.disconnect', reason: 'UselessPeer' });
        return false;
      }
      if (!port.handledDirectly(event)) self.send(event);
      return open && readable;
    };

    observer.connectionOpened?.(connId, context.direction, context.remote);
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
        // A transport reports its end later than it is asked to close: once the peer actor has ended (`end`
        // below), there is nobody to tell, as a stopped callback actor's `sendBack` told nobody.
        if (!ended) self.send({ type: 'transport.closed', info });
      },
    });

    // The machine's send actions come through the connection's port; what they gave before now is served first.
    port.open((command: ConnectionCommand): void => {
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
    }, now);

    /** The peer actor ended: later commands are dropped, nothing more is read, the transport is closed. */
    const end = (): void => {
      ended = true;
      port.close();
      readable = false;
      if (open) connection.close();
    };
    self.subscribe({
      complete: end,
      error: (err: unknown) => {
        end();
        // XState reports the error of an actor with no parent as unhandled when nothing else listens for it;
        // this listener must not hide it. `parent` is the peer's XState parent when it has one (PeerInput).
        if (context.parent === undefined) throw err;
      },
    });
  };
  return { openConnection };
}
