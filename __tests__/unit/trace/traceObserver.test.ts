import { createTraceObserver } from '../../../trace';
import type { TraceEvent } from '../../../trace';

function observe(grace = 2000) {
  let now = 1000;
  const events: TraceEvent[] = [];
  const observer = createTraceObserver((e) => events.push(e), { now: () => now, disconnectGraceMs: grace });
  return { observer, events, at: (t: number) => (now = 1000 + t) };
}

describe('createTraceObserver', () => {
  it('measures t from its creation and writes bytes as lower-case hex', () => {
    const { observer, events, at } = observe();
    at(3);
    observer.connectionOpened!(1, 'outbound', '10.0.0.7:30303');
    observer.chunkIn!(1, Uint8Array.of(0x22, 0x40, 0xab));
    at(4);
    observer.chunkOut!(1, Uint8Array.of(0x01));
    observer.peerState!(1, 'active', { active: 'idle' });
    expect(events).toEqual([
      { t: 3, conn: 1, ev: 'open', dir: 'out', remote: '10.0.0.7:30303' },
      { t: 3, conn: 1, ev: 'in', hex: '2240ab' },
      { t: 4, conn: 1, ev: 'out', hex: '01' },
      { t: 4, conn: 1, ev: 'state', value: { active: 'idle' } },
    ]);
  });

  it.each([
    ['the peer hung up in the grace', 60, 'remote'],
    ['the grace ran out', 2010, 'local'],
    ['within the 1 ms a real timer may fire early', 2009, 'local'],
  ] as const)('a close after our Disconnect is by whoever closed the socket: %s', (_, closedAt, by) => {
    const { observer, events, at } = observe();
    at(10);
    observer.peerState!(1, 'disconnecting', 'disconnecting');
    at(closedAt);
    observer.connectionClosed!(1, 'local', 2, 'inbound');
    expect(events.pop()).toEqual({ t: closedAt, conn: 1, ev: 'close', by });
  });

  it('keeps the machine’s word when we never sent Disconnect', () => {
    const { observer, events, at } = observe();
    at(10);
    observer.connectionClosed!(1, 'remote', undefined, 'inbound');
    observer.connectionClosed!(2, 'local', undefined, 'inbound');
    expect(events.map((e) => e.ev === 'close' && e.by)).toEqual(['remote', 'local']);
  });

  it('marks the stop of the node', () => {
    const { observer, events, at } = observe();
    at(77);
    observer.nodeStopping();
    expect(events).toEqual([{ t: 77, ev: 'stop' }]);
    expect(observer.traceTime()).toBe(77);
  });
});
