import { loadSession, loadSeedHellos } from '../helpers/vectors';
import { COMMAND_NAMES, DisconnectReason, PROTOCOL_VERSION } from '../../wire';
import type { Message } from '../../wire';
import { eventsOf, loadGolden, received, receivedMessages, sent } from './goldenTraces';

/**
 * The golden traces replay identically by construction (replay.test.ts); these tests check, with the wire
 * codec and the real vectors, that each one records the behaviour CONTRACT.md §3 asks for, so a trace
 * re-recorded from a broken node would not pass.
 */

const GRACE_MS = 2000;
const commands = (list: Array<{ message: Message }>): string[] => list.map((s) => s.message.command);
const reasonOf = (m: Message): number | undefined => (m.command === 'Disconnect' ? m.reason : undefined);

describe('what the golden traces record', () => {
  it('our Hello goes first on every connection, with version 8 and the header node id', () => {
    for (const name of ['seed-hello-cpp', 'seed-hello-py', 'cpp-session', 'shutdown', 'hello-timeout']) {
      const trace = loadGolden(name);
      for (const { event } of trace.events) {
        if (event.ev !== 'open') continue;
        const first = sent(trace, event.conn)[0]!;
        expect(first.t).toBe(event.t);
        expect(first.message).toMatchObject({ command: 'Hello', protocolVersion: PROTOCOL_VERSION });
        if (first.message.command === 'Hello')
          expect(Buffer.from(first.message.nodeId!).toString('hex')).toBe(trace.header.node.nodeId);
      }
    }
  });

  it.each([
    ['seed-hello-cpp', 'cpp'],
    ['seed-hello-py', 'py'],
  ] as const)('%s: the seed Hello as captured makes the peer active', (name, which) => {
    const trace = loadGolden(name);
    expect(received(trace, 1).subarray(0, loadSeedHellos()[which].frame.length)).toEqual(
      Buffer.from(loadSeedHellos()[which].frame),
    );
    expect(eventsOf(trace, 1, 'state').map((e) => e.value)).toContainEqual({ active: 'idle' });
    expect(commands(sent(trace, 1))).toEqual(['Hello', 'GetPeers', 'GetChain', 'GetTransactions']);
  });

  it('cpp-session carries cpp-ethereum v0.3.11 frames byte for byte, and every message type', () => {
    const trace = loadGolden('cpp-session');
    const cppBytes = Buffer.concat(
      loadSession()
        .filter((f) => f.dir === 'in')
        .map((f) => f.frame),
    );
    expect(received(trace, 1).subarray(0, cppBytes.length)).toEqual(cppBytes);
    const seen = new Set(
      [...receivedMessages(trace, 1), ...sent(trace, 1).map((s) => s.message)].map((m) => m.command),
    );
    expect([...seen].sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it.each([
    ['bad-sync-token', 1],
    ['bad-rlp', 10],
    ['unknown-command', 10],
    ['malformed-message', 10],
    ['second-hello', 100],
    ['ping-before-hello', 1],
  ])('%s: Disconnect(Bad protocol) at once, nothing after it, closed after the grace', (name, at) => {
    const trace = loadGolden(name);
    const out = sent(trace, 1);
    const last = out[out.length - 1]!;
    expect(last).toEqual({ t: at, message: { command: 'Disconnect', reason: DisconnectReason.BadProtocol } });
    expect(eventsOf(trace, 1, 'close')).toEqual([{ t: at + GRACE_MS, conn: 1, ev: 'close', by: 'local' }]);
  });

  it('oversize-frame: refused from the header alone; the peer hanging up in the grace closes at once', () => {
    const trace = loadGolden('oversize-frame');
    expect(eventsOf(trace, 1, 'in').pop()!.hex).toBe('224008910100000100');
    expect(reasonOf(sent(trace, 1).pop()!.message)).toBe(DisconnectReason.BadProtocol);
    expect(eventsOf(trace, 1, 'close')).toEqual([{ t: 60, conn: 1, ev: 'close', by: 'remote' }]);
  });

  it('hello-timeout: Useless peer 5 s after the open, closed 2 s later', () => {
    const trace = loadGolden('hello-timeout');
    expect(sent(trace, 1).map((s) => [s.t, s.message.command, reasonOf(s.message)])).toEqual([
      [0, 'Hello', undefined],
      [5000, 'Disconnect', DisconnectReason.UselessPeer],
    ]);
    expect(eventsOf(trace, 1, 'close')).toEqual([{ t: 7000, conn: 1, ev: 'close', by: 'local' }]);
  });

  it('keep-alive-timeout: Ping after 10 s of silence, again after the Pong, Useless peer 15 s later', () => {
    const trace = loadGolden('keep-alive-timeout');
    const out = sent(trace, 1).filter(
      (s) => s.message.command === 'Ping' || s.message.command === 'Disconnect',
    );
    const pong = eventsOf(trace, 1, 'in').pop()!;
    expect(out.map((s) => [s.t, s.message.command])).toEqual([
      [5 + 10_000, 'Ping'],
      [pong.t + 10_000, 'Ping'],
      [pong.t + 10_000 + 15_000, 'Disconnect'],
    ]);
    expect(reasonOf(out[2]!.message)).toBe(DisconnectReason.UselessPeer);
  });

  it('shutdown: every peer gets Client quitting at the stop', () => {
    const trace = loadGolden('shutdown');
    const stop = trace.events.find((e) => e.event.ev === 'stop')!.event.t;
    for (const conn of [1, 2, 3]) {
      const last = sent(trace, conn).pop()!;
      expect(last).toEqual({
        t: stop,
        message: { command: 'Disconnect', reason: DisconnectReason.ClientQuitting },
      });
      expect(eventsOf(trace, conn, 'close')).toHaveLength(1);
    }
    expect(eventsOf(trace, 3, 'open')[0]).toMatchObject({ dir: 'out' });
  });
});
