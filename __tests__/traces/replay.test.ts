import { expectIdenticalReplay, replayTrace } from '../../trace';
import type { TraceEvent } from '../../trace';
import { encodeMessageFrame } from '../../wire';
import { goldenFiles, goldenPath, loadGolden } from './goldenTraces';

const SCENARIOS = [
  'bad-rlp',
  'bad-sync-token',
  'cpp-session',
  'hello-timeout',
  'keep-alive-timeout',
  'malformed-message',
  'oversize-frame',
  'ping-before-hello',
  'second-hello',
  'seed-hello-cpp',
  'seed-hello-py',
  'shutdown',
  'unknown-command',
];

describe('golden traces', () => {
  it('are the scenarios tools/recordTraces.ts records, one file each', () => {
    expect(goldenFiles()).toEqual(SCENARIOS.map((s) => `${s}.jsonl`));
  });

  it.each(SCENARIOS)('%s replays identically, times included', async (name) => {
    const result = await expectIdenticalReplay(goldenPath(name), { strictTime: true });
    expect(result).toMatchObject({ identical: true, divergence: undefined });
    expect(result.compared).toBeGreaterThan(0);
    expect(result.produced).toBe(result.compared);
  });
});

describe('a deliberately changed node diverges, and says where', () => {
  it('a disconnect grace longer than the recording leaves the recorded close undone', async () => {
    // bad-sync-token: Disconnect at t=1, closed at t=2001 after the 2 s grace; the recording ends at 2500.
    const result = await replayTrace(goldenPath('bad-sync-token'), { config: { disconnectGraceMs: 3000 } });
    expect(result.identical).toBe(false);
    expect(result.divergence).toMatchObject({
      conn: 1,
      index: 4,
      line: 8,
      expected: { t: 2001, ev: 'state', value: 'closed' },
      actual: undefined,
    });
    const text = result.divergence!.text;
    expect(text).toContain('connection 1');
    expect(text).toContain('trace line 8');
    expect(text).toContain('expected: t=2001 state "closed"');
    expect(text).toContain('out Disconnect(Bad protocol)');
  });

  it('a shorter grace only shows under strict time, at the close', async () => {
    const loose = await replayTrace(goldenPath('bad-sync-token'), { config: { disconnectGraceMs: 1000 } });
    expect(loose.identical).toBe(true);
    const strict = await replayTrace(goldenPath('bad-sync-token'), {
      config: { disconnectGraceMs: 1000 },
      strictTime: true,
    });
    expect(strict.divergence).toMatchObject({
      conn: 1,
      line: 8,
      expected: { t: 2001, ev: 'state' },
      actual: { t: 1001, ev: 'state', value: 'closed' },
    });
  });

  it('one edited byte of a recorded out frame is shown decoded, with the offset', async () => {
    const trace = loadGolden('seed-hello-cpp');
    const events = trace.events.map(({ event }): TraceEvent => {
      if (event.ev !== 'out' || !event.hex.startsWith('22400891')) return event;
      return event.hex === encodeHex({ command: 'GetTransactions' })
        ? { ...event, hex: encodeHex({ command: 'Pong' }) }
        : event;
    });
    const result = await replayTrace({ header: trace.header, events });
    expect(result.divergence).toMatchObject({
      conn: 1,
      index: 6,
      line: 10,
      expected: { ev: 'out', hex: encodeHex({ command: 'Pong' }) },
      actual: { ev: 'out', hex: encodeHex({ command: 'GetTransactions' }) },
    });
    expect(result.divergence!.text).toContain('expected: t=3 out Pong');
    expect(result.divergence!.text).toContain('actual:   t=3 out GetTransactions');
    expect(result.divergence!.text).toContain('bytes differ from offset 9');
  });

  it('a changed client id changes our Hello, the first thing the node writes', async () => {
    const trace = loadGolden('seed-hello-py');
    const header = { ...trace.header, node: { ...trace.header.node, clientId: 'pocnode/v9.9.9/other' } };
    const result = await replayTrace({ header, events: trace.events });
    expect(result.divergence).toMatchObject({ conn: 1, index: 0, line: 3 });
    expect(result.divergence!.text).toContain('Hello{client=pocnode/v0.1.0/linux/node20,');
    expect(result.divergence!.text).toContain('Hello{client=pocnode/v9.9.9/other,');
  });

  it('a recorded event the node never produces is reported as missing', async () => {
    const trace = loadGolden('hello-timeout');
    // Pretend the recorded node also pinged: the replayed one has no reason to.
    const events: TraceEvent[] = trace.events.map((e) => e.event);
    const at = events.findIndex((e) => e.ev === 'out' && e.t === 5000);
    events.splice(at, 0, { t: 4000, conn: 1, ev: 'out', hex: encodeHex({ command: 'Ping' }) });
    const result = await replayTrace({ header: trace.header, events });
    expect(result.divergence).toMatchObject({
      conn: 1,
      expected: { t: 4000, ev: 'out' },
      actual: { t: 5000, ev: 'out' },
    });
    expect(result.divergence!.text).toContain('actual:   t=5000 out Disconnect(Useless peer)');
  });

  it('an event the node produces beyond the recording is reported as extra', async () => {
    const trace = loadGolden('hello-timeout');
    const events = trace.events.filter((e) => !(e.event.ev === 'close' && 'conn' in e.event));
    const result = await replayTrace({ header: trace.header, events });
    expect(result.divergence).toMatchObject({
      conn: 1,
      line: undefined,
      expected: undefined,
      actual: { t: 7000, ev: 'close', by: 'local' },
    });
    expect(result.divergence!.text).toContain('(nothing more on this connection)');
  });
});

function encodeHex(message: Parameters<typeof encodeMessageFrame>[0]): string {
  return Buffer.from(encodeMessageFrame(message)).toString('hex');
}
