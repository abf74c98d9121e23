import { get } from 'node:http';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { WebSocket } from 'ws';
import { TransportErrorCode } from '../../../transport/connection';
import { WS_MAX_MESSAGE_BYTES } from '../../../transport/constants';
import { dialWs, listenWs } from '../../../transport/ws';
import { loadSession } from '../../helpers/vectors';
import { HOST, recordingListener, useCleanup } from './networkTransport';
import { settle } from './recorder';

const WS = { listen: listenWs, dial: dialWs };

/** What the WebSocket transport adds to the compliance suite: message framing is not the frame stream. */
describe('ws transport against a plain WebSocket peer', () => {
  const cleanup = useCleanup();
  const serve = (): ReturnType<typeof recordingListener> => recordingListener(WS, cleanup);

  /** A raw ws client; resolves once open (or rejects with the handshake's error). */
  function rawClient(url: string): Promise<WebSocket> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    cleanup(
      () =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) resolve();
          else {
            ws.once('close', () => resolve());
            ws.terminate();
          }
        }),
    );
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  }

  it('passes bytes through whatever the message boundaries: frames split across messages and merged in one', async () => {
    const { listener, next } = await serve();
    const raw = await rawClient(`ws://${HOST}:${listener.port}/`);
    const server = await next();
    const stream = Buffer.concat(loadSession().map((f) => f.frame));
    let at = 0;
    for (const size of [1, 3, 4, 7, 8, 9, 500, 1]) {
      raw.send(stream.subarray(at, at + size), { binary: true });
      at += size;
    }
    raw.send(stream.subarray(at), { binary: true }); // the rest: many frames in one message
    await server.bytes(stream.length);
    expect(Buffer.compare(server.stream(), stream)).toBe(0);

    const fromServer: Buffer[] = [];
    raw.on('message', (data: Buffer, isBinary: boolean) => {
      expect(isBinary).toBe(true);
      fromServer.push(data);
    });
    server.connection.write(stream.subarray(0, 100));
    server.connection.write(stream.subarray(100));
    while (fromServer.reduce((n, b) => n + b.length, 0) < stream.length) await settle(1);
    expect(Buffer.compare(Buffer.concat(fromServer), stream)).toBe(0);
  });

  it('drops a peer that sends a text message with TRANSPORT_SOCKET', async () => {
    const { listener, next } = await serve();
    const raw = await rawClient(`ws://${HOST}:${listener.port}/`);
    const rawClosed = new Promise<void>((resolve) => raw.once('close', () => resolve()));
    const server = await next();
    raw.send('hello');
    const info = await server.closed;
    expect(info.by).toBe('local');
    expect(info.error?.code).toBe(TransportErrorCode.Socket);
    await rawClosed;
  });

  it('drops a peer whose message is larger than one whole frame with TRANSPORT_SOCKET', async () => {
    const { listener, next } = await serve();
    const raw = await rawClient(`ws://${HOST}:${listener.port}/`);
    raw.on('error', () => undefined);
    const server = await next();
    raw.send(new Uint8Array(WS_MAX_MESSAGE_BYTES + 1), { binary: true });
    const info = await server.closed;
    expect(info.by).toBe('remote');
    expect(info.error?.code).toBe(TransportErrorCode.Socket);
    expect(server.received).toBe(0);
  });

  it('refuses an upgrade on any path but /', async () => {
    const { listener } = await serve();
    await expect(rawClient(`ws://${HOST}:${listener.port}/other`)).rejects.toThrow();
  });

  it('answers a plain HTTP request with 426 Upgrade Required', async () => {
    const { listener } = await serve();
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get({ host: HOST, port: listener.port, path: '/', agent: false }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode));
      }).once('error', reject);
    });
    expect(status).toBe(426);
  });

  it('gives up a dial whose handshake is never answered after timeoutMs, with TRANSPORT_DIAL', async () => {
    const sockets: Socket[] = [];
    let accepted!: () => void;
    const connected = new Promise<void>((resolve) => (accepted = resolve));
    const silent: Server = createServer((socket) => {
      sockets.push(socket);
      accepted();
    });
    await new Promise<void>((resolve) => silent.listen(0, HOST, resolve));
    cleanup(
      () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          silent.close(() => resolve());
        }),
    );
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask'] });
    const dial = dialWs({ host: HOST, port, timeoutMs: 2000 });
    const outcome = dial.then(
      () => 'open',
      (err: unknown) => err,
    );
    await connected;
    jest.advanceTimersByTime(1999);
    await settle();
    jest.advanceTimersByTime(1);
    expect(await outcome).toMatchObject({ code: TransportErrorCode.Dial });
  });
});
