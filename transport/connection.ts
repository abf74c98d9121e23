/**
 * The narrow interface every transport (TCP, WebSocket, in-memory) implements: bytes in, bytes out,
 * close. It knows nothing of frames or messages (js-libp2p's `send` / `close` / `abort` shape).
 */

export const TransportErrorCode = {
  /** More than `maxPendingBytes` written but not yet flushed: the peer does not read. */
  Backpressure: 'TRANSPORT_BACKPRESSURE',
  /** The socket reported an error (reset, refused, …). */
  Socket: 'TRANSPORT_SOCKET',
  /** A write or close on a connection that is already closed. */
  Closed: 'TRANSPORT_CLOSED',
  /** Dial failed or timed out. */
  Dial: 'TRANSPORT_DIAL',
} as const;

export type TransportErrorCode = (typeof TransportErrorCode)[keyof typeof TransportErrorCode];

export class TransportError extends Error {
  readonly code: TransportErrorCode;
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
  }
}

/** Default bound on bytes written but not yet flushed to the peer (issue: 8 MiB), beyond which the peer is dropped. */
export const MAX_PENDING_WRITE_BYTES = 8 * 1024 * 1024;

/** How a connection ended: who closed it, and the error if it was not a clean close. */
export interface CloseInfo {
  readonly by: 'local' | 'remote';
  readonly error: TransportError | undefined;
}

export interface ConnectionHandlers {
  /** A chunk of the byte stream, as it came (any size; frames may span chunks). The chunk is not reused. */
  readonly data: (chunk: Uint8Array) => void;
  /** Called exactly once, whatever the cause; no `data` follows it. */
  readonly closed: (info: CloseInfo) => void;
}

export interface Connection {
  /** The other side's IP, as the socket reports it (e.g. `127.0.0.1`, `::1`); its port is `remotePort`. */
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Bytes accepted by `write` and not yet handed to the OS (or to the other side, in memory). */
  readonly pendingBytes: number;
  /**
   * Begins delivering events. Data that arrived before `start` is held and delivered first, so a
   * caller can attach its handlers after the connection exists without losing bytes.
   */
  start(handlers: ConnectionHandlers): void;
  /**
   * Queues a copy of the bytes (the caller may reuse its buffer); past the pending-bytes bound the connection
   * is aborted with `TRANSPORT_BACKPRESSURE`. Once `close` or `abort` was called, or the connection closed,
   * writes are ignored: never thrown, since `closed` already reports the end.
   */
  write(bytes: Uint8Array): void;
  /** Flushes what was written, then closes; `closed` reports `by: 'local'`. Idempotent. */
  close(): void;
  /** Closes at once, dropping unflushed bytes. Idempotent. */
  abort(error?: TransportError): void;
}

/** A listening endpoint (TCP or WebSocket server). */
export interface Listener {
  /** The real port (useful when asked for port 0). */
  readonly port: number;
  readonly host: string;
  /** Stops accepting; existing connections are not touched. */
  close(): Promise<void>;
}

export interface ListenOptions {
  readonly host: string;
  readonly port: number;
  readonly maxPendingBytes?: number;
  /** How long `close()` may wait for the peer to take the flushed bytes before the socket is destroyed (default 5000). */
  readonly closeTimeoutMs?: number;
  readonly onConnection: (connection: Connection) => void;
}

export interface DialOptions {
  readonly host: string;
  readonly port: number;
  readonly maxPendingBytes?: number;
  /** Give up after this many milliseconds (default 5000). */
  readonly timeoutMs?: number;
  /** How long `close()` may wait for the peer to take the flushed bytes before the socket is destroyed (default 5000). */
  readonly closeTimeoutMs?: number;
}
