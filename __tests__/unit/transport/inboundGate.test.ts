import type { CloseInfo } from '../../../transport/connection';
import { InboundGate } from '../../../transport/inboundGate';

function manual(): { schedule: (fn: () => void) => void; run: () => void } {
  const queue: Array<() => void> = [];
  return {
    schedule: (fn) => queue.push(fn),
    run: () => {
      for (let fn = queue.shift(); fn; fn = queue.shift()) fn();
    },
  };
}

const REMOTE: CloseInfo = { by: 'remote', error: undefined };

function recording(gate: InboundGate): string[] {
  const events: string[] = [];
  gate.start({
    data: (chunk) => events.push(`data ${chunk.join(',')}`),
    closed: (info) => events.push(`closed ${info.by}`),
  });
  return events;
}

describe('InboundGate', () => {
  it('holds data and the close until start, then hands them over in order, never from inside start', () => {
    const clock = manual();
    const gate = new InboundGate(clock.schedule);
    gate.data(Uint8Array.of(1));
    gate.data(Uint8Array.of(2, 3));
    gate.closed(REMOTE);
    expect(gate.queuedBytes).toBe(3);
    const events = recording(gate);
    expect(events).toEqual([]);
    clock.run();
    expect(events).toEqual(['data 1', 'data 2,3', 'closed remote']);
    expect(gate.queuedBytes).toBe(0);
  });

  it('keeps the order for data that arrives between start and the flush', () => {
    const clock = manual();
    const gate = new InboundGate(clock.schedule);
    gate.data(Uint8Array.of(1));
    const events = recording(gate);
    gate.data(Uint8Array.of(2));
    clock.run();
    gate.data(Uint8Array.of(3));
    expect(events).toEqual(['data 1', 'data 2', 'data 3']);
  });

  it('reports closed exactly once and drops data after it', () => {
    const clock = manual();
    const gate = new InboundGate(clock.schedule);
    const events = recording(gate);
    clock.run();
    gate.closed(REMOTE);
    gate.closed({ by: 'local', error: undefined });
    gate.data(Uint8Array.of(9));
    expect(events).toEqual(['closed remote']);
  });

  it('after stop drops held and later data but still reports the close', () => {
    const clock = manual();
    const gate = new InboundGate(clock.schedule);
    gate.data(Uint8Array.of(1));
    gate.stop();
    gate.data(Uint8Array.of(2));
    gate.closed({ by: 'local', error: undefined });
    const events = recording(gate);
    clock.run();
    expect(events).toEqual(['closed local']);
  });

  it('signals full once at the watermark and drained after the held bytes were handed over', () => {
    const clock = manual();
    const signals: string[] = [];
    const gate = new InboundGate(clock.schedule, {
      bytes: 4,
      onFull: () => signals.push('full'),
      onDrained: () => signals.push('drained'),
    });
    gate.data(new Uint8Array(3));
    expect(signals).toEqual([]);
    gate.data(new Uint8Array(1));
    gate.data(new Uint8Array(5));
    expect(signals).toEqual(['full']);
    recording(gate);
    clock.run();
    expect(signals).toEqual(['full', 'drained']);
  });

  it('ignores a second start: the first handlers keep the stream', () => {
    const clock = manual();
    const gate = new InboundGate(clock.schedule);
    const first = recording(gate);
    const second = recording(gate);
    clock.run();
    gate.data(Uint8Array.of(5));
    expect(first).toEqual(['data 5']);
    expect(second).toEqual([]);
  });
});
