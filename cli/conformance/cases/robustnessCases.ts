import type { Message, RlpItem } from '../../../wire';
import { Command, encodeMessageFrame, encodeRlp, encodeUint } from '../../../wire';
import type { ConformanceCase } from '../conformanceCase';
import { newNodeId } from '../nodeIdentity';
import type { Probe } from '../probe';
import { concatBytes, expectAlive, handshake, rawFrame } from '../steps';
import type { ConformanceTimeouts } from '../timeouts';

const REQUESTS: readonly Message[] = [
  { command: 'GetPeers' },
  { command: 'GetTransactions' },
  { command: 'Ping' },
];

async function expectAnswers(probe: Probe, t: ConformanceTimeouts): Promise<void> {
  await probe.waitFor('Peers', t.replyMs, 'Peers');
  await probe.waitFor('Transactions', t.replyMs, 'Transactions');
  await probe.waitFor('Pong', t.replyMs, 'Pong');
}

const ip = (...octets: number[]): RlpItem[] =>
  octets.map((o) => (o === 0 ? new Uint8Array(0) : Uint8Array.of(o)));

/**
 * Peers entries of the right shape with useless values: unspecified and broadcast addresses, port 0,
 * a zero id, the target's own id, ours, a documentation address (RFC 5737, never routed), an ip as one
 * 4-byte string and zero octets as empty strings (both seen from 2014 clients). A peer's list is
 * advice, not protocol: keeping or dropping entries is the target's business, but the session goes on.
 */
function junkPeers(targetId: Uint8Array | undefined, ourId: Uint8Array): Uint8Array {
  const entries: RlpItem[] = [
    [ip(0, 0, 0, 0), encodeUint(0), new Uint8Array(64)],
    [Uint8Array.of(255, 255, 255, 255), encodeUint(0), newNodeId()],
    [ip(127, 0, 0, 1), encodeUint(0), targetId ?? newNodeId()],
    [ip(127, 0, 0, 1), encodeUint(0), ourId],
    [ip(192, 0, 2, 1), encodeUint(0xffff), newNodeId()],
  ];
  return encodeRlp([encodeUint(Command.Peers), ...entries]);
}

export const robustnessCases: readonly ConformanceCase[] = [
  {
    id: 'requests-in-one-write',
    title: 'GetPeers, GetTransactions and Ping in one write are all answered',
    async run(ctx) {
      const { probe } = await handshake(ctx);
      probe.sendRaw(concatBytes(...REQUESTS.map((m) => encodeMessageFrame(m))));
      await expectAnswers(probe, ctx.timeouts);
    },
  },
  {
    id: 'frame-split',
    title: 'frames split across many writes at odd boundaries are understood',
    async run(ctx) {
      const { probe } = await handshake(ctx);
      const bytes = concatBytes(...REQUESTS.map((m) => encodeMessageFrame(m)));
      // Inside the sync token, at its end, inside and at the end of the size, inside payloads and across frames.
      const cuts = [1, 3, 4, 7, 8, 9, 10, 13, 17, 19, 23, 26, bytes.length - 1];
      await probe.sendPieces(bytes, cuts, { pauseMs: 2, maxSpreadMs: ctx.timeouts.pingIntervalMs / 5 });
      await expectAnswers(probe, ctx.timeouts);
    },
  },
  {
    id: 'peers-junk',
    title: 'a well-formed Peers message with junk entries does not drop the connection',
    async run(ctx) {
      const { probe, target, nodeId } = await handshake(ctx);
      probe.sendRaw(rawFrame(junkPeers(target.nodeId, nodeId)));
      await expectAlive(probe, ctx.timeouts);
    },
  },
];
