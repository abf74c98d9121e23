import fc from 'fast-check';
import { connectionPort } from '../../../machines/connectionPort';
import type { Message } from '../../../wire';
import { encodeMessageFrame } from '../../../wire';
import { remoteHello, startPeer } from '../../helpers/peerHarness';
import { ScriptedConnection } from '../../helpers/scriptedConnection';

/*
 * The direct path of `active.idle` (machines/connectionPort.ts) must do exactly what the peer machine's own
 * transitions do with the same messages: the same frames written in the same order, the same reports to the
 * parent, the same states. Each script runs twice on a simulated clock: as the node runs it, and with the
 * direct path closed before every chunk, so that the machine itself takes those messages.
 */

const MESSAGES: readonly Message[] = [
  { command: 'Ping' },
  { command: 'Pong' },
  { command: 'GetPeers' },
  { command: 'GetTransactions' },
  { command: 'Peers', peers: [] },
  { command: 'Disconnect', reason: 8 },
  remoteHello(9),
];

type Step = { readonly chunk: readonly number[] } | { readonly advanceMs: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      // Mostly Ping, Pong and forwarded messages; now and then one that changes the state.
      chunk: fc.array(fc.nat({ max: MESSAGES.length + 8 }), { minLength: 1, maxLength: 6 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ advanceMs: fc.integer({ min: 0, max: 16_000 }) }) },
);

const messageAt = (i: number): Message => MESSAGES[i < MESSAGES.length ? i : i % 5]!;

const frames = (indices: readonly number[]): Uint8Array =>
  Buffer.concat(indices.map((i) => encodeMessageFrame(messageAt(i))));

function run(script: readonly Step[], closeDirectPath: boolean) {
  const conn = new ScriptedConnection();
  const h = startPeer({ connection: conn });
  conn.deliver(encodeMessageFrame(remoteHello(1)));
  const states: string[] = [JSON.stringify(h.state())];
  // Peer-machine steps taken for received chunks: what the direct path saves, kept out of the comparison.
  let steps = 0;
  let delivering = false;
  h.peer.subscribe(() => void (delivering && steps++));
  for (const s of script) {
    if ('advanceMs' in s) h.advance(s.advanceMs);
    else {
      if (closeDirectPath) connectionPort(conn).directPath(undefined);
      delivering = true;
      conn.deliver(frames(s.chunk));
      delivering = false;
    }
    states.push(JSON.stringify(h.state()));
  }
  h.advance(20_000);
  states.push(JSON.stringify(h.state()));
  // A forwarded message by its connection and command (its decoded body is the same object either way).
  const heard = h.notifications.map((n) =>
    n.type === 'peer.message' ? `${n.type}:${n.connId}:${n.message.command}` : JSON.stringify(n),
  );
  return { observed: { written: conn.writtenCommands(), heard, states }, steps };
}

describe('the direct path of active.idle', () => {
  it('writes, reports and moves exactly as the peer machine does with the same messages', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (script) => {
        const open = run(script, false);
        const closed = run(script, true);
        expect(open.observed).toEqual(closed.observed);
        expect(open.steps).toBeLessThanOrEqual(closed.steps);
      }),
      { numRuns: 300 },
    );
  });

  it('answers the Pings of an idle peer with Pongs and forwards the rest as its connection, with no machine step', () => {
    const script = [{ chunk: [0, 2, 0, 1, 3, 0] }];
    const { observed, steps } = run(script, false);
    const { written, heard } = observed;
    // All six on the direct path; with it closed, each is a step of the machine.
    expect(steps).toBe(0);
    expect(run(script, true).steps).toBe(6);
    // The keep-alive's Ping comes last: the run ends with 20 s of silence.
    expect(written).toEqual(['Hello', 'Pong', 'Pong', 'Pong', 'Ping']);
    expect(heard.filter((n) => n.startsWith('peer.message'))).toEqual([
      'peer.message:1:GetPeers',
      'peer.message:1:GetTransactions',
    ]);
  });
});
