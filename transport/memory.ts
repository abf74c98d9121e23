import type { Connection, ConnectionHandlers } from './connection';
import { MAX_PENDING_WRITE_BYTES, TransportError, TransportErrorCode } from './connection';
import { InboundGate } from './inboundGate';
import type { Schedule } from './inboundGate';

export interface MemoryPairOptions {
  /** Backpressure bound of each side (default MAX_PENDING_WRITE_BYTES). */
  readonly maxPendingBytes?: number;
  /**
   * Runs each delivery; default `queueMicrotask`. A simulator passes its simulated clock here (e.g.
   * `(fn) => clock.setTimeout(fn, latencyMs)`) so bytes move only when the clock says so.
   */
  readonly schedule?: Schedule;
  /** What side A reports as the other side, `ip:port` (default `127.0.0.1:2`). */
  readonly remoteA?: string;
  /** What side B reports as the other side, `ip:port` (default `127.0.0.1:1`). */
  readonly remoteB?: string;
  /**
   * Copy each write (default true): a writer may reuse its buffer (`Connection.write`). False hands the
   * writer's bytes to the reader as they are, for writers that never touch a buffer again and readers that
   * only read (the simulator: one relayed frame reaches seven peers as one buffer, not seven copies).
   */
  readonly copyWrites?: boolean;
}

/** A graceful close(): travels after every byte written before it. */
const FIN = Symbol('fin');
/** An abort(): what was still in flight is dropped. */
const RESET = Symbol('reset');

/** What travels from one side to the other, in write order: bytes as written (one copy each), FIN, RESET. */
type InFlight = Uint8Array | typeof FIN | typeof RESET;

function splitHostPort(address: string): { address: string; port: number } {
  const colon = address.lastIndexOf(':');
  const port = colon < 0 ? NaN : Number(address.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port)) return { address, port: 0 };
  const host = address.slice(0, colon);
  return { address: host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host, port };
}

/**
 * One side of an in-memory pair. Every write becomes one delivery run by `schedule`; deliveries take the
 * oldest item in flight, so bytes stay in order whatever order the scheduler runs them in. Bytes count in
 * the writer's `pendingBytes` until the reader's `data` handler has them (an unstarted reader holds them),
 * which is what makes a reader that never starts hit the writer's bound. Deterministic: no timers, no
 * randomness, nothing runs outside `schedule`.
 */
class MemoryConnection implements Connection {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly gate: InboundGate;
  private peer: MemoryConnection | undefined;
  /** In write order from `inFlightHead` on (a head index, not `shift`, which moves the rest each time). */
  private readonly inFlight: InFlight[] = [];
  private inFlightHead = 0;
  private inFlightBytes = 0;
  private state: 'open' | 'closing' | 'done' = 'open';

  constructor(
    remote: string,
    private readonly maxPendingBytes: number,
    private readonly schedule: Schedule,
    private readonly copyWrites: boolean,
  ) {
    const { address, port } = splitHostPort(remote);
    this.remoteAddress = address;
    this.remotePort = port;
    this.gate = new InboundGate(schedule);
  }

  link(peer: MemoryConnection): void {
    this.peer = peer;
  }

  /** Written and not yet in the other side's `data` handler: in flight, or held by an unstarted reader. */
  get pendingBytes(): number {
    return this.state === 'done' ? 0 : this.inFlightBytes + (this.peer?.gate.queuedBytes ?? 0);
  }

  start(handlers: ConnectionHandlers): void {
    this.gate.start(handlers);
  }

  write(bytes: Uint8Array): void {
    if (this.state !== 'open') return;
    const pending = this.pendingBytes;
    if (pending + bytes.length > this.maxPendingBytes) {
      this.abort(
        new TransportError(
          TransportErrorCode.Backpressure,
          `${pending} bytes undelivered, writing ${bytes.length} more would pass ${this.maxPendingBytes}`,
        ),
      );
      return;
    }
    this.send(this.copyWrites ? bytes.slice() : bytes); // copied unless the pair was told otherwise
  }

  /** The FIN goes behind every byte written; this side closes when it reaches the other side. */
  close(): void {
    if (this.state !== 'open') return;
    this.state = 'closing';
    this.send(FIN);
  }

  abort(error?: TransportError): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.dropInFlight();
    this.gate.stop();
    this.send(RESET);
    // Never from inside abort(): the caller may be in the middle of a handler or a write.
    this.schedule(() => this.gate.closed({ by: 'local', error }));
  }

  private send(item: InFlight): void {
    this.inFlight.push(item);
    if (item instanceof Uint8Array) this.inFlightBytes += item.length;
    this.schedule(this.deliverOne); // one bound function, not a closure per write
  }

  private readonly deliverOne = (): void => {
    const item = this.inFlight[this.inFlightHead];
    if (item !== undefined) {
      this.inFlight[this.inFlightHead] = RESET; // the slot lets go of the bytes
      this.inFlightHead++;
      if (this.inFlightHead === this.inFlight.length) {
        this.inFlight.length = 0;
        this.inFlightHead = 0;
      }
    }
    const peer = this.peer;
    if (item === undefined || peer === undefined) return;
    if (item instanceof Uint8Array) {
      this.inFlightBytes -= item.length;
      peer.gate.data(item);
    } else if (item === FIN) {
      peer.receiveEnd();
      this.state = 'done';
      this.gate.closed({ by: 'local', error: undefined });
    } else {
      peer.receiveEnd();
    }
  };

  private dropInFlight(): void {
    this.inFlight.length = 0;
    this.inFlightHead = 0;
    this.inFlightBytes = 0;
  }

  /** The other side closed or aborted: whatever this side still had in flight will never be read. */
  private receiveEnd(): void {
    if (this.state === 'done') return;
    // Both closed at once: each reports its own close(), as two sockets closing together would.
    const by = this.state === 'closing' ? 'local' : 'remote';
    this.state = 'done';
    this.dropInFlight();
    this.gate.closed({ by, error: undefined });
  }
}

/**
 * Two connected in-memory `Connection`s, [A, B], for tests and the in-process simulator. `close` flushes
 * what was written, then both sides close (the other side sees `by: 'remote'`); `abort` drops what is
 * still in flight.
 */
export function createMemoryPair(options: MemoryPairOptions = {}): [Connection, Connection] {
  const schedule = options.schedule ?? queueMicrotask;
  const max = options.maxPendingBytes ?? MAX_PENDING_WRITE_BYTES;
  const copy = options.copyWrites ?? true;
  const a = new MemoryConnection(options.remoteA ?? '127.0.0.1:2', max, schedule, copy);
  const b = new MemoryConnection(options.remoteB ?? '127.0.0.1:1', max, schedule, copy);
  a.link(b);
  b.link(a);
  return [a, b];
}
