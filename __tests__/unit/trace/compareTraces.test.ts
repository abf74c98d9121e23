import { compareTraces } from '../../../trace';
import type { TraceEvent } from '../../../trace';
import { encodeMessageFrame } from '../../../wire';
import type { Message } from '../../../wire';

const out = (t: number, conn: number, m: Message): TraceEvent => ({
  t,
  conn,
  ev: 'out',
  hex: Buffer.from(encodeMessageFrame(m)).toString('hex'),
});
const open = (t: number, conn: number): TraceEvent => ({
  t,
  conn,
  ev: 'open',
  dir: 'in',
  remote: '1.2.3.4:5',
});
const numbered = (events: TraceEvent[]) => events.map((event, i) => ({ event, line: i + 2 }));
const PONG: Message = { command: 'Pong' };
const PING: Message = { command: 'Ping' };

describe('compareTraces', () => {
  it('compares out, state and local close; inputs and remote closes are not the node’s doing', () => {
    const recorded: TraceEvent[] = [
      open(0, 1),
      { t: 1, conn: 1, ev: 'in', hex: '00' },
      out(1, 1, PONG),
      { t: 1, conn: 1, ev: 'state', value: { active: 'idle' } },
      { t: 5, conn: 1, ev: 'close', by: 'remote' },
    ];
    const produced: TraceEvent[] = [
      out(1, 1, PONG),
      { t: 1, conn: 1, ev: 'state', value: { active: 'idle' } },
    ];
    expect(compareTraces(numbered(recorded), produced)).toEqual({ compared: 2, divergence: undefined });
  });

  it('order matters within a connection, not across connections', () => {
    const recorded = [open(0, 1), open(0, 2), out(1, 1, PING), out(1, 2, PONG), out(2, 1, PONG)];
    const interleavedOtherwise = [out(1, 2, PONG), out(1, 1, PING), out(2, 1, PONG)];
    expect(compareTraces(numbered(recorded), interleavedOtherwise).divergence).toBeUndefined();
    const swapped = [out(1, 1, PONG), out(1, 2, PONG), out(2, 1, PING)];
    expect(compareTraces(numbered(recorded), swapped).divergence).toMatchObject({
      conn: 1,
      index: 0,
      line: 4,
    });
  });

  it('times count only with strictTime', () => {
    const recorded = [open(0, 1), out(10, 1, PING)];
    expect(compareTraces(numbered(recorded), [out(11, 1, PING)]).divergence).toBeUndefined();
    expect(
      compareTraces(numbered(recorded), [out(11, 1, PING)], { strictTime: true }).divergence,
    ).toMatchObject({
      expected: { t: 10 },
      actual: { t: 11 },
    });
  });

  it('state values compare as values, whatever their key order', () => {
    const recorded: TraceEvent[] = [open(0, 1), { t: 0, conn: 1, ev: 'state', value: { a: 'x', b: 'y' } }];
    const produced: TraceEvent[] = [{ t: 0, conn: 1, ev: 'state', value: { b: 'y', a: 'x' } }];
    expect(compareTraces(numbered(recorded), produced).divergence).toBeUndefined();
  });

  it('reports the divergence that happened first when several connections diverge', () => {
    const recorded = [open(0, 1), open(0, 2), out(5, 2, PING), out(9, 1, PING)];
    const produced = [out(9, 1, PONG), out(5, 2, PONG)];
    expect(compareTraces(numbered(recorded), produced).divergence).toMatchObject({ conn: 2, line: 4 });
  });

  it('explains a divergence with decoded messages and what the peer had just sent', () => {
    const recorded: TraceEvent[] = [
      open(0, 1),
      { t: 1, conn: 1, ev: 'in', hex: Buffer.from(encodeMessageFrame(PING)).toString('hex') },
      out(1, 1, PONG),
    ];
    const { divergence } = compareTraces(numbered(recorded), [
      out(1, 1, { command: 'Disconnect', reason: 2 }),
    ]);
    expect(divergence!.text.split('\n')).toEqual([
      'replay diverged on connection 1 at compared event #0 (trace line 4)',
      '  expected: t=1 out Pong',
      '  actual:   t=1 out Disconnect(Bad protocol)',
      '  bytes differ from offset 7 (expected 10 bytes, got 11)',
      '  recorded before it on connection 1:',
      '    line 2 t=0 open inbound from 1.2.3.4:5',
      '    line 3 t=1 in Ping',
    ]);
  });
});
