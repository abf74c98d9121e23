import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';
import type {
  CloseInfo,
  Connection,
  ConnectionHandlers,
  DialOptions,
  ListenOptions,
  Listener,
} from './connection';
import { MAX_PENDING_WRITE_BYTES } from './connection';
import type { TransportError } from './connection';
import { CLOSE_TIMEOUT_MS, DIAL_TIMEOUT_MS } from './constants';
import { InboundGate } from './inboundGate';
import { backpressureError, dialAttempt, listenServer, socketError } from './socketTransport';

interface TcpLimits {
  readonly maxPendingBytes: number;
  readonly closeTimeoutMs: number;
}

function limitsOf(options: { maxPendingBytes?: number; closeTimeoutMs?: number }): TcpLimits {
  return {
    maxPendingBytes: options.maxPendingBytes ?? MAX_PENDING_WRITE_BYTES,
    closeTimeoutMs: options.closeTimeoutMs ?? CLOSE_TIMEOUT_MS,
  };
}

/**
 * The connection of each socket, for the socket listeners below: one function per event for every socket,
 * where a closure per event and connection (and one for uncork) cost ~300 B an idle peer
 * (tools/bench/heapPerPeer); a WeakMap entry costs a tenth of that.
 */
const CONNECTIONS = new WeakMap<Socket, TcpConnection>();

function onSocketData(this: Socket, chunk: Buffer): void {
  CONNECTIONS.get(this)?.onData(chunk);
}

function onSocketEnd(this: Socket): void {
  CONNECTIONS.get(this)?.onEnd();
}

function onSocketError(this: Socket, err: Error): void {
  CONNECTIONS.get(this)?.onError(err);
}

function onSocketClose(this: Socket): void {
  CONNECTIONS.get(this)?.onClose();
}

function uncork(connection: TcpConnection): void {
  connection.uncork();
}

/** From the check phase of the turn that wrote first to that of the next one, after its poll (see `write`). */
function uncorkNextTurn(connection: TcpConnection): void {
  setImmediate(uncork, connection);
}

/**
 * A `Connection` over a `node:net` socket. The PoC protocol is plain TCP (PROTOCOL.md); the 2014 clients
 * sent each message as one write, so Nagle is off (`setNoDelay`).
 *
 * Reading starts at `start()`: until then the socket stays in paused mode, so what arrives early waits in
 * the stream's buffer (bounded by its high-water mark) and then in the kernel, and TCP flow control holds
 * the peer back. A close or error seen before `start` is held and reported after that data.
 */
class TcpConnection implements Connection {
  readonly remoteAddress: string;
  readonly remotePort: number;
  private readonly gate = new InboundGate(queueMicrotask);
  private closeBy: CloseInfo['by'] | undefined;
  private error: TransportError | undefined;
  private aborted = false;
  private finished = false;
  private safetyTimer: NodeJS.Timeout | undefined;
  private corked = false;
  private wroteBefore = false;

  constructor(
    private readonly socket: Socket,
    remoteAddress: string,
    remotePort: number,
    private readonly limits: TcpLimits,
  ) {
    this.remoteAddress = remoteAddress;
    this.remotePort = remotePort;
    socket.setNoDelay(true);
    CONNECTIONS.set(socket, this);
    socket.on('end', onSocketEnd);
    socket.on('error', onSocketError);
    socket.on('close', onSocketClose);
  }

  /** Bytes written and not yet handed to the kernel (Node's `writableLength`). */
  get pendingBytes(): number {
    return this.finished ? 0 : this.socket.writableLength;
  }

  start(handlers: ConnectionHandlers): void {
    if (this.gate.started) return;
    this.gate.start(handlers);
    // Attaching 'data' switches the stream to flowing mode (on the next tick), which also lets a
    // pending 'end' surface after the data held before start.
    this.socket.on('data', onSocketData);
  }

  /** A chunk from the socket (onSocketData). */
  onData(chunk: Buffer): void {
    this.gate.data(chunk);
  }

  write(bytes: Uint8Array): void {
    if (this.closeBy !== undefined || this.finished || this.socket.destroyed) return;
    const pending = this.socket.writableLength;
    if (pending + bytes.length > this.limits.maxPendingBytes) {
      this.abort(backpressureError(pending, bytes.length, this.limits.maxPendingBytes));
      return;
    }
    // What is written in one turn of the event loop goes out in one system call: the node answers a
    // peer's Hello with GetPeers, GetChain and GetTransactions at once, and on loopback each write's call
    // also carries the receiving side's TCP work (tools/bench, handshake). A connection's first write (our
    // Hello, written as the connection opens) waits one turn more, until the turn that reads what the peer
    // sent with its connect (its Hello) is over: a node answering that Hello sends all of it in one segment.
    // One write and one read a handshake less, each side: 2 chunks → 1 at the client, node CPU a handshake
    // 578 → 544 µs and the load generators' 332 → 267 µs (medians of 7 alternated runs, BENCHMARKS.md 15.).
    // The Hello is delayed by one turn of the loop, never waits for the peer.
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      if (this.wroteBefore) process.nextTick(uncork, this);
      else {
        this.wroteBefore = true;
        setImmediate(uncorkNextTurn, this);
      }
    }
    // Copied: Node keeps a reference to queued chunks, and the caller may reuse its buffer.
    this.socket.write(Buffer.from(bytes));
  }

  /** The turn's writes go out in one system call (scheduled by `write`). */
  uncork(): void {
    this.corked = false;
    this.socket.uncork();
  }

  /**
   * Flushes, sends FIN, and lets the socket close once the peer answers with its own FIN (closing at once
   * after our FIN could reset the connection if the peer's last bytes were still unread, and a reset drops
   * what we just flushed). Before `start` nothing reads that FIN, so the socket is destroyed once flushed.
   * The safety timer covers a peer that never reads or never answers; 'close' always clears it.
   */
  close(): void {
    if (this.closeBy !== undefined || this.finished) return;
    this.closeBy = 'local';
    this.socket.once('finish', () => {
      if (!this.gate.started) this.socket.destroy();
    });
    this.socket.end();
    this.safetyTimer = setTimeout(() => this.socket.destroy(), this.limits.closeTimeoutMs);
  }

  abort(error?: TransportError): void {
    if (this.aborted || this.finished) return;
    this.aborted = true;
    this.closeBy ??= 'local';
    this.error ??= error;
    this.gate.stop();
    this.socket.destroy();
  }

  // The socket's events (onSocket* above); public only for those listeners, the class is not exported.

  /** The peer's FIN. PoC peers do not half-close: a FIN ends the session (issue 4: counts as a remote close). */
  onEnd(): void {
    if (this.closeBy !== undefined) return; // our own close() is waiting for exactly this
    this.closeBy = 'remote';
    this.socket.destroy();
  }

  onError(err: Error): void {
    this.closeBy ??= 'remote';
    this.error ??= socketError(err);
  }

  onClose(): void {
    this.finished = true;
    clearTimeout(this.safetyTimer);
    this.safetyTimer = undefined;
    this.gate.closed({ by: this.closeBy ?? 'remote', error: this.error });
  }
}

function wrap(socket: Socket, limits: TcpLimits): TcpConnection | undefined {
  const { remoteAddress, remotePort } = socket;
  // A socket reset before it was handed to us has no address left; there is nothing to talk to.
  if (remoteAddress === undefined || remotePort === undefined) return undefined;
  return new TcpConnection(socket, remoteAddress, remotePort, limits);
}

/** Listens on `host:port` (port 0 picks a free one, reported as `port`) and hands over each accepted socket. */
export function listenTcp(options: ListenOptions): Promise<Listener> {
  const limits = limitsOf(options);
  const server = createServer({ noDelay: true, allowHalfOpen: false });
  server.on('connection', (socket) => {
    const connection = wrap(socket, limits);
    if (connection) options.onConnection(connection);
    else socket.destroy();
  });
  return listenServer(server, options);
}

/** Connects to `host:port`; fails with `TRANSPORT_DIAL` when refused, unreachable or not connected within `timeoutMs`. */
export function dialTcp(options: DialOptions): Promise<Connection> {
  const limits = limitsOf(options);
  const timeoutMs = options.timeoutMs ?? DIAL_TIMEOUT_MS;
  const target = `${options.host}:${options.port}`;
  return dialAttempt<Connection>(target, timeoutMs, (attempt) => {
    const socket = connect({ host: options.host, port: options.port, noDelay: true, allowHalfOpen: false });
    const onError = (err: Error): void => attempt.fail(err.message, err);
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      const connection = wrap(socket, limits);
      if (connection) attempt.succeed(() => connection);
      else {
        socket.destroy();
        attempt.fail('reset while connecting');
      }
    });
    return () => socket.destroy();
  });
}
