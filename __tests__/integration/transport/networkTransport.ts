import type { Connection, DialOptions, ListenOptions, Listener } from '../../../transport/connection';
import type { TransportFixture } from './compliance';
import { Recorder } from './recorder';

/** The set-up the TCP and WebSocket tests share: both are a listen and a dial on 127.0.0.1. */

export const HOST = '127.0.0.1';

/** A transport with a real listener: `listenTcp`/`dialTcp` or `listenWs`/`dialWs`. */
export interface NetworkTransport {
  readonly listen: (options: ListenOptions) => Promise<Listener>;
  readonly dial: (options: DialOptions) => Promise<Connection>;
}

type Limits = { readonly maxPendingBytes?: number; readonly closeTimeoutMs?: number };

/** A connected pair through a listener on port 0 (closed once it accepted): [dialled, accepted]. */
export async function connectedPair(
  transport: NetworkTransport,
  options: Limits = {},
): Promise<[Connection, Connection]> {
  let accept!: (c: Connection) => void;
  const accepted = new Promise<Connection>((resolve) => (accept = resolve));
  const listener = await transport.listen({
    host: HOST,
    port: 0,
    ...options,
    onConnection: (c) => accept(c),
  });
  try {
    const dialled = await transport.dial({ host: HOST, port: listener.port, ...options });
    return [dialled, await accepted];
  } finally {
    await listener.close();
  }
}

/** What the compliance suite needs of a network transport. */
export function networkFixture(transport: NetworkTransport): TransportFixture {
  return {
    pair: (options) => connectedPair(transport, options),
    network: {
      listen: (onConnection, port = 0) => transport.listen({ host: HOST, port, onConnection }),
      dial: (port) => transport.dial({ host: HOST, port }),
    },
  };
}

export type Cleanup = (undo: () => Promise<void> | void) => void;

/** Registers an afterEach that restores real timers and undoes, last first, what the test registered. */
export function useCleanup(): Cleanup {
  const undos: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    jest.useRealTimers();
    for (const undo of undos.splice(0).reverse()) await undo();
  });
  return (undo) => {
    undos.push(undo);
  };
}

/**
 * A listener whose accepted connections are started and recorded at once (the test talks to it with a raw
 * client); `next()` resolves with the next accepted one. Everything is aborted and closed after the test.
 */
export async function recordingListener(
  transport: NetworkTransport,
  cleanup: Cleanup,
): Promise<{ listener: Listener; next: () => Promise<Recorder> }> {
  const early: Recorder[] = [];
  const waiting: Array<(r: Recorder) => void> = [];
  const listener = await transport.listen({
    host: HOST,
    port: 0,
    onConnection: (c) => {
      const r = new Recorder(c).start();
      cleanup(async () => {
        r.connection.abort();
        await r.closed;
      });
      const w = waiting.shift();
      if (w) w(r);
      else early.push(r);
    },
  });
  cleanup(() => listener.close());
  const next = (): Promise<Recorder> => {
    const r = early.shift();
    return r ? Promise.resolve(r) : new Promise((resolve) => waiting.push(resolve));
  };
  return { listener, next };
}
