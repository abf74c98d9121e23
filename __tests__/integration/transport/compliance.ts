import type { Connection, Listener } from '../../../transport/connection';
import { TransportError, TransportErrorCode } from '../../../transport/connection';
import { FrameDecoder } from '../../../wire';
import { loadSession } from '../../helpers/vectors';
import { Recorder, pattern, settle } from './recorder';

/** What a transport provides to the compliance suite. */
export interface TransportFixture {
  /** A connected pair, [the side that dialled, the side that accepted]; each side enforces `maxPendingBytes`. */
  pair(options?: { maxPendingBytes?: number }): Promise<[Connection, Connection]>;
  /** Transports with a real listener (TCP, WebSocket) on 127.0.0.1. */
  readonly network?: {
    /** Listens on 127.0.0.1, on `port` (default 0: a free one). */
    listen(onConnection: (connection: Connection) => void, port?: number): Promise<Listener>;
    dial(port: number): Promise<Connection>;
  };
}

/** 'equal', or where and how two byte strings differ (a readable failure for megabytes of data). */
function compareBytes(actual: Uint8Array, expected: Uint8Array): string {
  const n = Math.min(actual.length, expected.length);
  for (let i = 0; i < n; i += 1) {
    if (actual[i] !== expected[i]) return `differ at byte ${i} of ${expected.length}`;
  }
  return actual.length === expected.length ? 'equal' : `length ${actual.length}, expected ${expected.length}`;
}

/**
 * One suite for every transport (js-libp2p's interface-compliance style): the `Connection` contract of
 * transport/connection.ts, checked by awaiting events, never by sleeping.
 *
 * Decision under test: `write` after `close()`/`abort()` or after `closed` is ignored and never throws.
 */
export function describeTransportCompliance(name: string, makeFixture: () => TransportFixture): void {
  describe(`${name} transport compliance`, () => {
    let fixture: TransportFixture;
    const recorders: Recorder[] = [];
    const listeners: Listener[] = [];

    beforeEach(() => {
      fixture = makeFixture();
    });

    afterEach(async () => {
      for (const r of recorders.splice(0)) {
        r.start();
        r.connection.abort();
        await r.closed;
      }
      for (const l of listeners.splice(0)) await l.close();
    });

    const track = (connection: Connection): Recorder => {
      const r = new Recorder(connection);
      recorders.push(r);
      return r;
    };

    const open = async (maxPendingBytes?: number): Promise<[Recorder, Recorder]> => {
      const [a, b] = await fixture.pair(maxPendingBytes === undefined ? {} : { maxPendingBytes });
      return [track(a), track(b)];
    };

    it('delivers a 1 MiB write intact and in order, in both directions at once', async () => {
      const [a, b] = await open();
      a.start();
      b.start();
      const ab = pattern(1024 * 1024, 1);
      const ba = pattern(1024 * 1024, 2);
      a.connection.write(ab);
      b.connection.write(ba);
      await Promise.all([b.bytes(ab.length), a.bytes(ba.length)]);
      expect(compareBytes(b.stream(), ab)).toBe('equal');
      expect(compareBytes(a.stream(), ba)).toBe('equal');
    });

    it('keeps ten thousand small writes in order as one byte stream', async () => {
      const [a, b] = await open();
      a.start();
      b.start();
      const all = pattern(310_000, 3);
      let at = 0;
      for (let i = 0; i < 10_000; i += 1) {
        const size = 1 + (i % 61);
        a.connection.write(all.subarray(at, at + size));
        at += size;
      }
      await b.bytes(at);
      expect(compareBytes(b.stream(), all.subarray(0, at))).toBe('equal');
    });

    it('carries every frame of a recorded cpp-ethereum session so the other side decodes each one intact', async () => {
      const [a, b] = await open();
      a.start();
      b.start();
      const frames = loadSession().map((f) => f.frame);
      const half = Math.floor(frames.length / 2);
      for (const frame of frames.slice(0, half)) a.connection.write(frame); // one frame a write
      a.connection.write(Buffer.concat(frames.slice(half))); // the rest back to back in one write
      a.connection.close();
      await b.closed;
      const decoder = new FrameDecoder();
      const payloads: string[] = [];
      for (const chunk of b.chunks) {
        const batch = decoder.push(chunk); // the chunks as they arrived, frames spanning them or not
        expect(batch.error).toBeUndefined();
        payloads.push(...batch.frames.map((f) => Buffer.from(f).toString('hex')));
      }
      expect(decoder.bufferedBytes).toBe(0);
      expect(payloads).toEqual(frames.map((f) => Buffer.from(f.subarray(8)).toString('hex')));
    });

    it('holds the bytes and the close that arrive before start() and delivers them, in order, on start', async () => {
      const [a, b] = await open();
      a.start();
      const first = pattern(3000, 4);
      const second = pattern(100_000, 5); // more than a socket reads ahead before start
      a.connection.write(first);
      a.connection.write(second);
      a.connection.close();
      await settle();
      b.start();
      const info = await b.closed;
      expect(info.by).toBe('remote');
      expect(info.error).toBeUndefined();
      expect(compareBytes(b.stream(), Buffer.concat([first, second]))).toBe('equal');
      expect((await a.closed).by).toBe('local');
    });

    it('close() flushes what was written, then each side reports closed exactly once: local here, remote there', async () => {
      const [a, b] = await open();
      a.start();
      b.start();
      const bytes = pattern(512 * 1024, 6);
      a.connection.write(bytes);
      a.connection.close();
      const [mine, theirs] = await Promise.all([a.closed, b.closed]);
      expect(mine).toEqual({ by: 'local', error: undefined });
      expect(theirs).toEqual({ by: 'remote', error: undefined });
      expect(compareBytes(b.stream(), bytes)).toBe('equal');
      a.connection.close();
      a.connection.abort();
      b.connection.close();
      b.connection.abort();
      await settle();
      expect([a.closes.length, b.closes.length]).toEqual([1, 1]);
      expect(a.dataAfterClose + b.dataAfterClose).toBe(0);
    });

    it('abort() drops the connection at once and the other side sees a remote close', async () => {
      const [a, b] = await open();
      a.start();
      b.start();
      a.connection.write(pattern(1000, 7));
      await b.bytes(1000);
      a.connection.abort();
      expect((await b.closed).by).toBe('remote');
      expect(await a.closed).toEqual({ by: 'local', error: undefined });
    });

    it('abort(error) reports that error to the side that aborted', async () => {
      const [a, b] = await open();
      a.start();
      b.start();
      a.connection.abort(new TransportError(TransportErrorCode.Socket, 'test'));
      const info = await a.closed;
      expect(info.by).toBe('local');
      expect(info.error?.code).toBe(TransportErrorCode.Socket);
      expect((await b.closed).by).toBe('remote');
    });

    it('reports no data after closed, even while the other side keeps writing', async () => {
      const [a, b] = await open();
      a.start();
      b.start();
      b.connection.write(pattern(256 * 1024, 8));
      a.connection.abort();
      for (let i = 0; i < 50 && !b.isClosed; i += 1) {
        b.connection.write(pattern(4096, 9 + i));
        await settle(1);
      }
      await Promise.all([a.closed, b.closed]);
      await settle();
      expect(a.dataAfterClose).toBe(0);
      expect(a.closes).toHaveLength(1);
      expect(b.closes).toHaveLength(1);
    });

    it('ignores a write after close() or after closed, without throwing', async () => {
      const [a, b] = await open();
      a.start();
      b.start();
      const sent = pattern(2000, 10);
      a.connection.write(sent);
      a.connection.close();
      expect(() => a.connection.write(pattern(500, 11))).not.toThrow();
      await Promise.all([a.closed, b.closed]);
      expect(() => a.connection.write(pattern(500, 12))).not.toThrow();
      expect(() => b.connection.write(pattern(500, 13))).not.toThrow();
      expect(a.connection.pendingBytes).toBe(0);
      expect(compareBytes(b.stream(), sent)).toBe('equal');
      expect([a.closes.length, b.closes.length]).toEqual([1, 1]);
    });

    it('drops a peer that never reads at the bound with TRANSPORT_BACKPRESSURE, never holding more', async () => {
      const bound = 64 * 1024;
      const [a, b] = await open(bound);
      a.start(); // b is never started: it reads nothing
      const written: Uint8Array[] = [];
      let maxPending = 0;
      for (let i = 0; i < 16_384 && !a.isClosed; i += 1) {
        const chunk = pattern(16 * 1024, i + 1);
        written.push(chunk);
        a.connection.write(chunk);
        maxPending = Math.max(maxPending, a.connection.pendingBytes);
        if (i % 16 === 15) await settle(1);
      }
      const info = await a.closed;
      expect(info.by).toBe('local');
      expect(info.error?.code).toBe(TransportErrorCode.Backpressure);
      expect(maxPending).toBeLessThanOrEqual(bound);
      // What did get through is still delivered in order once the reader starts, then the close.
      b.start();
      expect((await b.closed).by).toBe('remote');
      const got = b.stream();
      expect(compareBytes(got, Buffer.concat(written).subarray(0, got.length))).toBe('equal');
    });

    if (makeFixture().network) {
      it('a listener on port 0 reports the port it really listens on', async () => {
        const network = fixture.network!;
        let accept!: (c: Connection) => void;
        const accepted = new Promise<Connection>((resolve) => (accept = resolve));
        const listener = await network.listen((c) => accept(c));
        listeners.push(listener);
        expect(listener.port).toBeGreaterThan(0);
        expect(listener.host).toBe('127.0.0.1');
        const dialled = track(await network.dial(listener.port));
        const other = track(await accepted);
        expect(dialled.connection.remoteAddress).toBe('127.0.0.1');
        expect(dialled.connection.remotePort).toBe(listener.port);
        expect(other.connection.remoteAddress).toBe('127.0.0.1');
        expect(other.connection.remotePort).toBeGreaterThan(0);
        dialled.start().connection.write(pattern(10, 14));
        await other.start().bytes(10);
        expect(compareBytes(other.stream(), pattern(10, 14))).toBe('equal');
      });

      it('a closed listener accepts no new connections while the ones it accepted carry on', async () => {
        const network = fixture.network!;
        let accept!: (c: Connection) => void;
        const accepted = new Promise<Connection>((resolve) => (accept = resolve));
        const listener = await network.listen((c) => accept(c));
        listeners.push(listener);
        const dialled = track(await network.dial(listener.port)).start();
        const other = track(await accepted).start();
        await listener.close();
        await expect(network.dial(listener.port)).rejects.toMatchObject({ code: TransportErrorCode.Dial });
        other.connection.write(pattern(5000, 15));
        await dialled.bytes(5000);
        expect(compareBytes(dialled.stream(), pattern(5000, 15))).toBe('equal');
        expect(dialled.isClosed || other.isClosed).toBe(false);
      });

      it('fails to listen on a port already taken with TRANSPORT_SOCKET', async () => {
        const network = fixture.network!;
        const listener = await network.listen(() => undefined);
        listeners.push(listener);
        await expect(network.listen(() => undefined, listener.port)).rejects.toMatchObject({
          code: TransportErrorCode.Socket,
        });
      });
    }
  });
}
