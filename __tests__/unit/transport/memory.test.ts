import type { CloseInfo, Connection } from '../../../transport/connection';
import { TransportErrorCode } from '../../../transport/connection';
import { createMemoryPair } from '../../../transport/memory';

/** A FIFO the test runs by hand, standing in for a simulator's clock. */
class ManualSchedule {
  private readonly queue: Array<() => void> = [];
  readonly schedule = (fn: () => void): void => {
    this.queue.push(fn);
  };
  get size(): number {
    return this.queue.length;
  }
  runAll(): void {
    for (let fn = this.queue.shift(); fn; fn = this.queue.shift()) fn();
  }
}

function log(name: string, connection: Connection, events: string[]): void {
  connection.start({
    data: (chunk) => events.push(`${name} data ${Buffer.from(chunk).toString('hex')}`),
    closed: (info: CloseInfo) => events.push(`${name} closed ${info.by} ${info.error?.code ?? '-'}`),
  });
}

describe('memory transport', () => {
  it('hands over a copy of each write, or the written bytes themselves when told writes are never reused', () => {
    for (const copyWrites of [undefined, false]) {
      const clock = new ManualSchedule();
      const [a, b] = createMemoryPair({ schedule: clock.schedule, copyWrites });
      const received: Uint8Array[] = [];
      b.start({ data: (chunk) => received.push(chunk), closed: () => undefined });
      const frame = Uint8Array.of(7, 8, 9);
      a.write(frame);
      a.write(frame);
      expect(a.pendingBytes).toBe(6);
      clock.runAll();
      expect(received.map((c) => Array.from(c))).toEqual([
        [7, 8, 9],
        [7, 8, 9],
      ]);
      expect(received[0] === frame).toBe(copyWrites === false);
      expect(a.pendingBytes).toBe(0);
    }
  });

  it('moves nothing until the injected schedule runs, and counts what waits as pending', () => {
    const clock = new ManualSchedule();
    const [a, b] = createMemoryPair({ schedule: clock.schedule });
    const events: string[] = [];
    log('b', b, events);
    a.write(Uint8Array.of(1, 2, 3));
    a.write(Uint8Array.of(4));
    expect(events).toEqual([]);
    expect(a.pendingBytes).toBe(4);
    clock.runAll();
    expect(events).toEqual(['b data 010203', 'b data 04']);
    expect(a.pendingBytes).toBe(0);
  });

  it('counts bytes held by a reader that has not started as the writer’s pending bytes', () => {
    const clock = new ManualSchedule();
    const [a, b] = createMemoryPair({ schedule: clock.schedule });
    a.write(new Uint8Array(10));
    clock.runAll();
    expect(a.pendingBytes).toBe(10);
    const events: string[] = [];
    log('b', b, events);
    clock.runAll();
    expect(a.pendingBytes).toBe(0);
    expect(events).toHaveLength(1);
  });

  it('copies written bytes, so the writer may reuse its buffer', () => {
    const clock = new ManualSchedule();
    const [a, b] = createMemoryPair({ schedule: clock.schedule });
    const events: string[] = [];
    log('b', b, events);
    const buffer = Uint8Array.of(0xaa, 0xbb);
    a.write(buffer);
    buffer.fill(0);
    clock.runAll();
    expect(events).toEqual(['b data aabb']);
  });

  it('abort() drops the bytes still in flight; the other side only sees the close', () => {
    const clock = new ManualSchedule();
    const [a, b] = createMemoryPair({ schedule: clock.schedule });
    const events: string[] = [];
    log('a', a, events);
    log('b', b, events);
    clock.runAll();
    a.write(Uint8Array.of(1));
    a.abort();
    expect(events).toEqual([]); // never from inside abort()
    expect(a.pendingBytes).toBe(0);
    clock.runAll();
    expect(events.sort()).toEqual(['a closed local -', 'b closed remote -']);
  });

  it('close() reaches a reader that has not started: the writer closes, the reader gets bytes then close on start', () => {
    const clock = new ManualSchedule();
    const [a, b] = createMemoryPair({ schedule: clock.schedule });
    const events: string[] = [];
    log('a', a, events);
    a.write(Uint8Array.of(7));
    a.close();
    clock.runAll();
    expect(events).toEqual(['a closed local -']);
    log('b', b, events);
    clock.runAll();
    expect(events).toEqual(['a closed local -', 'b data 07', 'b closed remote -']);
  });

  it('when both sides close at once, each reports its own close as local', () => {
    const clock = new ManualSchedule();
    const [a, b] = createMemoryPair({ schedule: clock.schedule });
    const events: string[] = [];
    log('a', a, events);
    log('b', b, events);
    clock.runAll();
    a.close();
    b.close();
    clock.runAll();
    expect(events.sort()).toEqual(['a closed local -', 'b closed local -']);
  });

  it('aborts the writer with TRANSPORT_BACKPRESSURE when a write would pass the bound', () => {
    const clock = new ManualSchedule();
    const [a] = createMemoryPair({ schedule: clock.schedule, maxPendingBytes: 10 });
    const events: string[] = [];
    log('a', a, events);
    a.write(new Uint8Array(10));
    expect(a.pendingBytes).toBe(10);
    a.write(new Uint8Array(1));
    expect(a.pendingBytes).toBe(0);
    clock.runAll();
    expect(events).toEqual([`a closed local ${TransportErrorCode.Backpressure}`]);
  });

  it('reports the remote addresses it was given, ip and port apart', () => {
    const [a, b] = createMemoryPair({ remoteA: '10.0.0.2:30303', remoteB: '[::1]:40112' });
    expect([a.remoteAddress, a.remotePort]).toEqual(['10.0.0.2', 30303]);
    expect([b.remoteAddress, b.remotePort]).toEqual(['::1', 40112]);
  });

  it('is deterministic: the same script gives the same events in the same order', () => {
    const run = (): string[] => {
      const clock = new ManualSchedule();
      const [a, b] = createMemoryPair({ schedule: clock.schedule });
      const events: string[] = [];
      log('a', a, events);
      log('b', b, events);
      for (let i = 0; i < 20; i += 1) {
        (i % 3 === 0 ? b : a).write(Uint8Array.of(i));
        if (i % 4 === 0) clock.runAll();
      }
      a.close();
      b.write(Uint8Array.of(0xff));
      clock.runAll();
      return events;
    };
    const first = run();
    expect(first.length).toBeGreaterThan(20);
    expect(run()).toEqual(first);
  });
});
