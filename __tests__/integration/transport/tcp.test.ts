import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { Connection } from '../../../transport/connection';
import { TransportErrorCode } from '../../../transport/connection';
import { dialTcp, listenTcp } from '../../../transport/tcp';
import { describeTransportCompliance } from './compliance';
import { HOST, connectedPair, networkFixture, recordingListener, useCleanup } from './networkTransport';
import { Recorder, pattern, settle } from './recorder';

const TCP = { listen: listenTcp, dial: dialTcp };

describeTransportCompliance('tcp', () => networkFixture(TCP));

describe('tcp transport', () => {
  const cleanup = useCleanup();

  function rawClient(port: number, allowHalfOpen = false): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: HOST, port, allowHalfOpen }, () => resolve(socket));
      socket.once('error', reject);
      cleanup(
        () =>
          new Promise<void>((resolve) => {
            if (socket.closed) resolve();
            else socket.once('close', () => resolve()).destroy();
          }),
      );
    });
  }

  it('reports a reset by the peer as a remote close with TRANSPORT_SOCKET', async () => {
    const { listener, next } = await recordingListener(TCP, cleanup);
    const raw = await rawClient(listener.port);
    const server = await next();
    raw.write('abc');
    await server.bytes(3);
    raw.resetAndDestroy();
    const info = await server.closed;
    expect(info.by).toBe('remote');
    expect(info.error?.code).toBe(TransportErrorCode.Socket);
  });

  it("treats the peer's half-close (FIN) as a remote close, after the data sent before it", async () => {
    const { listener, next } = await recordingListener(TCP, cleanup);
    const raw = await rawClient(listener.port, true);
    const rawEnded = new Promise<void>((resolve) => raw.once('end', () => resolve()));
    raw.on('data', () => undefined);
    const server = await next();
    raw.end('last words');
    expect(await server.closed).toEqual({ by: 'remote', error: undefined });
    expect(Buffer.from(server.stream()).toString()).toBe('last words');
    await rawEnded; // our side closed too, instead of waiting half-open
  });

  it('drops at once a peer that half-closes while our bytes to it are still unflushed', async () => {
    const big = 256 * 1024 * 1024;
    const queue: Connection[] = [];
    const listener = await listenTcp({
      host: HOST,
      port: 0,
      maxPendingBytes: big,
      onConnection: (c) => queue.push(c),
    });
    cleanup(() => listener.close());
    const raw = await rawClient(listener.port, true);
    raw.pause(); // reads nothing
    while (queue.length === 0) await settle(1);
    const server = new Recorder(queue[0]!).start();
    cleanup(async () => {
      server.connection.abort();
      await server.closed;
    });
    // A connection's first write waits a turn (below); once it is out, what stays queued is what the peer
    // does not read.
    server.connection.write(pattern(1));
    await settle();
    expect(server.connection.pendingBytes).toBe(0);
    for (let i = 0; i < 1024 && server.connection.pendingBytes === 0; i += 1) {
      server.connection.write(pattern(64 * 1024, i));
    }
    expect(server.connection.pendingBytes).toBeGreaterThan(0);
    raw.end();
    expect(await server.closed).toEqual({ by: 'remote', error: undefined });
  });

  it("holds a connection's first write until the next turn has read, so what that turn answers goes with it", async () => {
    const [dialled, accepted] = await connectedPair(TCP);
    const a = new Recorder(dialled).start();
    const b = new Recorder(accepted).start();
    cleanup(async () => {
      a.connection.abort();
      b.connection.abort();
      await Promise.all([a.closed, b.closed]);
    });
    const hello = pattern(10, 1);
    accepted.write(hello); // as the node writes its Hello on accept
    expect(accepted.pendingBytes).toBe(hello.length);
    await settle(1);
    expect(accepted.pendingBytes).toBe(hello.length); // the turn after it still holds it
    const answer = pattern(5, 2);
    accepted.write(answer); // as the node answers the peer's Hello read in that turn
    await settle(1);
    expect(accepted.pendingBytes).toBe(0);
    await a.bytes(15);
    expect(a.chunks).toHaveLength(1);
    expect(a.stream()).toEqual(Buffer.concat([hello, answer]));
    // Later writes go out at the end of their own turn, as before.
    accepted.write(pattern(3, 3));
    expect(accepted.pendingBytes).toBe(3);
    await settle(1);
    expect(accepted.pendingBytes).toBe(0);
  });

  it('close() gives up on a peer that never reads once closeTimeoutMs has passed', async () => {
    const closeTimeoutMs = 3000;
    const [dialled, accepted] = await connectedPair(TCP, {
      maxPendingBytes: 256 * 1024 * 1024,
      closeTimeoutMs,
    });
    const a = new Recorder(dialled).start();
    const b = new Recorder(accepted); // never started: reads nothing
    cleanup(async () => {
      b.start().connection.abort();
      a.connection.abort();
      await Promise.all([a.closed, b.closed]);
    });
    // Fill the kernel buffers until bytes stay queued in the process (after the first write's turn, below).
    a.connection.write(pattern(1));
    await settle();
    expect(a.connection.pendingBytes).toBe(0);
    for (let i = 0; i < 1024 && a.connection.pendingBytes === 0; i += 1)
      a.connection.write(pattern(64 * 1024, i));
    expect(a.connection.pendingBytes).toBeGreaterThan(0);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask'] });
    a.connection.close();
    await settle();
    expect(a.isClosed).toBe(false); // still trying to flush
    jest.advanceTimersByTime(closeTimeoutMs - 1);
    await settle();
    expect(a.isClosed).toBe(false);
    jest.advanceTimersByTime(1);
    expect(await a.closed).toEqual({ by: 'local', error: undefined });
  });
});
