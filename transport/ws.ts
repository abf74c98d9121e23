import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import type { ClientOptions, RawData, ServerOptions } from 'ws';
import type {
  CloseInfo,
  Connection,
  ConnectionHandlers,
  DialOptions,
  ListenOptions,
  Listener,
} from './connection';
import { MAX_PENDING_WRITE_BYTES, TransportError, TransportErrorCode } from './connection';
import { CLOSE_TIMEOUT_MS, DIAL_TIMEOUT_MS, UNSTARTED_BUFFER_BYTES, WS_MAX_MESSAGE_BYTES } from './constants';
import { InboundGate } from './inboundGate';
import { backpressureError, dialAttempt, listenServer, socketError } from './socketTransport';

/** WebSocket close codes that end a session cleanly: normal, going away, no status given (RFC 6455 §7.4.1). */
const CLEAN_CLOSE_CODES: ReadonlySet<number> = new Set([1000, 1001, 1005]);
const NORMAL_CLOSURE = 1000;
const WS_PATH = '/';

/** ws honours `closeTimeout` (how long close() waits for the peer's close frame); @types/ws lacks it. */
interface CloseTimeoutOption {
  readonly closeTimeout: number;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/**
 * A `Connection` over a WebSocket: binary messages carry the same byte stream as TCP. Message boundaries
 * mean nothing (a frame may span messages, a message may hold several), so this only passes bytes through.
 * Text messages are not part of the stream: the peer is dropped with `TRANSPORT_SOCKET`.
 */
class WsConnection implements Connection {
  private readonly gate: InboundGate;
  private closeBy: CloseInfo['by'] | undefined;
  private error: TransportError | undefined;
  private aborted = false;
  private finished = false;

  constructor(
    private readonly ws: WebSocket,
    readonly remoteAddress: string,
    readonly remotePort: number,
    private readonly maxPendingBytes: number,
  ) {
    // Messages keep arriving while paused until ws has parsed what it already read, so the held bytes
    // stay bounded by the watermark plus one message (WS_MAX_MESSAGE_BYTES), not by the peer.
    this.gate = new InboundGate(queueMicrotask, {
      bytes: UNSTARTED_BUFFER_BYTES,
      onFull: () => ws.pause(),
      onDrained: () => ws.resume(),
    });
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('error', (err) => this.onError(err));
    ws.on('close', (code) => this.onClose(code));
  }

  /** Bytes queued by `send` and not yet handed to the kernel (`bufferedAmount`). */
  get pendingBytes(): number {
    return this.finished ? 0 : this.ws.bufferedAmount;
  }

  start(handlers: ConnectionHandlers): void {
    this.gate.start(handlers);
  }

  write(bytes: Uint8Array): void {
    if (this.closeBy !== undefined || this.finished || this.ws.readyState !== WebSocket.OPEN) return;
    const pending = this.ws.bufferedAmount;
    if (pending + bytes.length > this.maxPendingBytes) {
      this.abort(backpressureError(pending, bytes.length, this.maxPendingBytes));
      return;
    }
    // Copied: unmasked server frames keep a reference to the data until written.
    this.ws.send(Buffer.from(bytes), { binary: true });
  }

  /** Sends close(1000) behind the queued messages; ws ends the socket on the peer's answer or after closeTimeout. */
  close(): void {
    if (this.closeBy !== undefined || this.finished) return;
    this.closeBy = 'local';
    this.ws.close(NORMAL_CLOSURE);
  }

  abort(error?: TransportError): void {
    if (this.aborted || this.finished) return;
    this.aborted = true;
    this.closeBy ??= 'local';
    this.error ??= error;
    this.gate.stop();
    this.ws.terminate();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.aborted) return;
    if (!isBinary) {
      this.abort(new TransportError(TransportErrorCode.Socket, 'text message on a binary byte stream'));
      return;
    }
    this.gate.data(toBytes(data));
  }

  private onError(err: Error): void {
    this.closeBy ??= 'remote';
    this.error ??= socketError(err);
  }

  private onClose(code: number): void {
    this.finished = true;
    if (this.closeBy === undefined) {
      this.closeBy = 'remote';
      // 1006 (no close frame: the peer's socket just went away) and protocol codes are not a clean end.
      if (!CLEAN_CLOSE_CODES.has(code)) {
        this.error ??= new TransportError(TransportErrorCode.Socket, `closed with code ${code}`);
      }
    }
    this.gate.closed({ by: this.closeBy, error: this.error });
  }
}

function remoteOf(req: IncomingMessage): { address: string; port: number } | undefined {
  const { remoteAddress, remotePort } = req.socket;
  return remoteAddress === undefined || remotePort === undefined
    ? undefined
    : { address: remoteAddress, port: remotePort };
}

/** Serves WebSocket upgrades on `ws://host:port/`; plain HTTP requests get 426 Upgrade Required. */
export function listenWs(options: ListenOptions): Promise<Listener> {
  const maxPendingBytes = options.maxPendingBytes ?? MAX_PENDING_WRITE_BYTES;
  const http = createServer((_req, res) => {
    res.writeHead(426, { connection: 'close', upgrade: 'websocket' }).end();
  });
  const serverOptions: ServerOptions & CloseTimeoutOption = {
    server: http,
    path: WS_PATH,
    maxPayload: WS_MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
    closeTimeout: options.closeTimeoutMs ?? CLOSE_TIMEOUT_MS,
  };
  const wss = new WebSocketServer(serverOptions);
  // wss re-emits the http server's errors: listenServer reports those of listening, later ones are failed accepts.
  wss.on('error', () => undefined);
  wss.on('connection', (ws, req) => {
    const remote = remoteOf(req);
    if (remote) options.onConnection(new WsConnection(ws, remote.address, remote.port, maxPendingBytes));
    else ws.terminate();
  });
  // Stops accepting now (and drops idle keep-alive requests); upgraded sockets are left alone.
  return listenServer(http, options, () => wss.close());
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Opens `ws://host:port/`; fails with `TRANSPORT_DIAL` when refused, rejected or not open within `timeoutMs`. */
export function dialWs(options: DialOptions): Promise<Connection> {
  const timeoutMs = options.timeoutMs ?? DIAL_TIMEOUT_MS;
  const maxPendingBytes = options.maxPendingBytes ?? MAX_PENDING_WRITE_BYTES;
  const url = `ws://${urlHost(options.host)}:${options.port}${WS_PATH}`;
  const clientOptions: ClientOptions & CloseTimeoutOption = {
    perMessageDeflate: false,
    followRedirects: false,
    maxPayload: WS_MAX_MESSAGE_BYTES,
    closeTimeout: options.closeTimeoutMs ?? CLOSE_TIMEOUT_MS,
  };
  return dialAttempt<Connection>(url, timeoutMs, (attempt) => {
    const ws = new WebSocket(url, clientOptions);
    let remote: { address: string; port: number } | undefined;
    // Until 'open' the only listener for errors is this one; terminate() in CONNECTING also emits one.
    const onError = (err: Error): void => attempt.fail(err.message, err);
    ws.on('error', onError);
    ws.once('upgrade', (res: IncomingMessage) => {
      remote = remoteOf(res);
    });
    ws.once('open', () => {
      const opened = attempt.succeed(
        () =>
          new WsConnection(
            ws,
            remote?.address ?? options.host,
            remote?.port ?? options.port,
            maxPendingBytes,
          ),
      );
      if (opened) ws.off('error', onError);
      else ws.terminate(); // opened just after the timeout gave up on it
    });
    return () => ws.terminate();
  });
}
