import type { Server } from 'node:net';
import type { ListenOptions, Listener } from './connection';
import { TransportError, TransportErrorCode } from './connection';

/** What the TCP and WebSocket transports share: listening, a dial's one outcome, and their errors. */

/**
 * Connections the kernel may hold for us before we accept them. Node's default (511) overflowed under a
 * connect flood while the node was short of CPU: the kernel dropped SYNs and every newcomer, real peers
 * included, waited for the 1 s SYN retry (RELIABILITY.md, connection flood). Linux silently caps it at
 * `net.core.somaxconn` (4096 by default since 5.4).
 */
export const LISTEN_BACKLOG = 4096;

/**
 * Listens with `server` (a `net.Server`, or the `http.Server` under a WebSocket server) on `host:port`;
 * port 0 picks a free one, reported as `port`. A listen error rejects with `TRANSPORT_SOCKET`.
 * `close` stops accepting at once (after `beforeClose`) and leaves the accepted connections alone, as the
 * Listener contract says; `server.close`'s callback would wait for all of them.
 */
export async function listenServer(
  server: Server,
  options: Pick<ListenOptions, 'host' | 'port'>,
  beforeClose?: () => void,
): Promise<Listener> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void =>
      reject(
        new TransportError(
          TransportErrorCode.Socket,
          `listen on ${options.host}:${options.port}: ${err.message}`,
          { cause: err },
        ),
      );
    server.once('error', onError);
    server.listen({ port: options.port, host: options.host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  // After listening, the only server errors are failed accepts (EMFILE, …): transient, and the listening
  // socket stays open, so they are dropped rather than left to crash the process.
  server.on('error', () => undefined);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return {
    port,
    host: options.host,
    close: () => {
      beforeClose?.();
      server.close();
      return Promise.resolve();
    },
  };
}

/** A dial in progress, as `dial` sees it: it ends once, connected or failed. */
export interface DialAttempt<T> {
  /** Rejects with `TRANSPORT_DIAL` (`dial <target>: <message>`) unless already ended. */
  fail(message: string, cause?: unknown): void;
  /** Resolves with `make()`; false, without calling it, if the attempt had already ended (timed out). */
  succeed(make: () => T): boolean;
}

/**
 * Runs `open` (which starts connecting and returns how to drop the socket) and fails the dial with
 * `TRANSPORT_DIAL` when it has not succeeded within `timeoutMs`. What `open` throws rejects the promise.
 */
export function dialAttempt<T>(
  target: string,
  timeoutMs: number,
  open: (attempt: DialAttempt<T>) => () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let giveUp = (): void => undefined;
    const timer = setTimeout(() => {
      attempt.fail(`not connected within ${timeoutMs} ms`);
      giveUp();
    }, timeoutMs);
    const end = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      return true;
    };
    const attempt: DialAttempt<T> = {
      fail: (message, cause) => {
        if (end())
          reject(new TransportError(TransportErrorCode.Dial, `dial ${target}: ${message}`, { cause }));
      },
      succeed: (make) => {
        if (!end()) return false;
        resolve(make());
        return true;
      },
    };
    try {
      giveUp = open(attempt);
    } catch (err: unknown) {
      end();
      throw err; // rejects the promise, as a throw in the executor does
    }
  });
}

/**
 * Issue 4: a peer that does not read is dropped, not buffered for without bound. Only built once the
 * limit is passed; the check itself stays inline in each `write`.
 */
export function backpressureError(pending: number, adding: number, maxPendingBytes: number): TransportError {
  return new TransportError(
    TransportErrorCode.Backpressure,
    `${pending} bytes unflushed, writing ${adding} more would pass ${maxPendingBytes}`,
  );
}

/** A socket's own error (reset, broken pipe, …) as the transport reports it. */
export function socketError(err: Error): TransportError {
  return new TransportError(TransportErrorCode.Socket, err.message, { cause: err });
}
