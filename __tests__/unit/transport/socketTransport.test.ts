import { createServer } from 'node:net';
import { TransportErrorCode } from '../../../transport/connection';
import {
  backpressureError,
  dialAttempt,
  LISTEN_BACKLOG,
  listenServer,
  socketError,
} from '../../../transport/socketTransport';

describe('dialAttempt', () => {
  afterEach(() => jest.useRealTimers());

  it('fails with TRANSPORT_DIAL after timeoutMs, then drops the socket, and ignores a late success', async () => {
    jest.useFakeTimers();
    const dropped = jest.fn();
    let late: (() => boolean) | undefined;
    const made = jest.fn(() => 'connection');
    const dial = dialAttempt<string>('10.0.0.7:30303', 5000, (attempt) => {
      late = () => attempt.succeed(made);
      return dropped;
    });
    const outcome = dial.then(
      () => 'resolved',
      (err: unknown) => err,
    );
    jest.advanceTimersByTime(4999);
    expect(dropped).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(dropped).toHaveBeenCalledTimes(1);
    expect(await outcome).toMatchObject({ code: TransportErrorCode.Dial });
    expect(late?.()).toBe(false);
    expect(made).not.toHaveBeenCalled();
  });

  it('resolves once with what succeed makes; a later failure and the timer change nothing', async () => {
    jest.useFakeTimers();
    const dropped = jest.fn();
    const dial = dialAttempt<string>('host:1', 100, (attempt) => {
      expect(attempt.succeed(() => 'connection')).toBe(true);
      attempt.fail('too late');
      return dropped;
    });
    jest.advanceTimersByTime(1000);
    await expect(dial).resolves.toBe('connection');
    expect(dropped).not.toHaveBeenCalled();
  });

  it('rejects with what open throws and leaves no timer behind', async () => {
    jest.useFakeTimers();
    const thrown = new RangeError('port out of range');
    await expect(
      dialAttempt('host:99999', 100, () => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    expect(jest.getTimerCount()).toBe(0);
  });
});

describe('the shared transport errors', () => {
  it('are TRANSPORT_BACKPRESSURE and TRANSPORT_SOCKET, the socket error kept as the cause', () => {
    expect(backpressureError(10, 5, 12).code).toBe(TransportErrorCode.Backpressure);
    const cause = new Error('ECONNRESET');
    expect(socketError(cause)).toMatchObject({ code: TransportErrorCode.Socket, cause });
  });
});

describe('listenServer', () => {
  it('reports the port it listens on, and close() stops accepting after beforeClose', async () => {
    const server = createServer();
    const beforeClose = jest.fn(() => expect(server.listening).toBe(true));
    const listener = await listenServer(server, { host: '127.0.0.1', port: 0 }, beforeClose);
    expect(listener.port).toBeGreaterThan(0);
    expect(listener.host).toBe('127.0.0.1');
    const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
    await listener.close();
    expect(beforeClose).toHaveBeenCalledTimes(1);
    await closed;
    expect(server.listening).toBe(false);
  });

  it("asks the kernel for a backlog of 4096 connections waiting to be accepted, not Node's 511", async () => {
    const server = createServer();
    const listen = jest.spyOn(server, 'listen');
    const listener = await listenServer(server, { host: '127.0.0.1', port: 0 });
    expect(LISTEN_BACKLOG).toBe(4096);
    expect(listen).toHaveBeenCalledWith(
      { port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG },
      expect.any(Function),
    );
    await listener.close();
  });
});
