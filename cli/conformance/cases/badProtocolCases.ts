import { DisconnectReason, MAX_FRAME_BYTES, encodeRlp, encodeUint } from '../../../wire';
import { check } from '../conformanceError';
import type { CaseContext, ConformanceCase } from '../conformanceCase';
import { conformanceHello } from '../helloPackets';
import { newNodeId } from '../nodeIdentity';
import { PING_FRAME, concatBytes, handshake, rawFrame, targetHello } from '../steps';
import { timeWindow } from '../timeouts';

/** A payload that is not RLP: a list announcing 3 bytes of content and holding 2. */
const INVALID_RLP = Uint8Array.of(0xc3, 0x80, 0x02);
/** `[0x7f]`: a command id the protocol does not define. */
const UNKNOWN_COMMAND = encodeRlp([encodeUint(0x7f)]);
/** `Transactions ["x"]`: a transaction must be a 7-item list, not a string. */
const MALFORMED_TRANSACTIONS = encodeRlp([encodeUint(0x12), Uint8Array.of(0x78)]);

/** A sync token one bit off, then a Ping's size and payload: "Out of alignment" (cpp-ethereum). */
function badSyncTokenFrame(): Uint8Array {
  const frame = PING_FRAME.slice();
  frame[3] = frame[3]! ^ 0x01;
  return frame;
}

/** Only the 8-byte header, announcing one byte more than the 16 MiB limit; no body follows. */
function oversizedHeader(): Uint8Array {
  const header = rawFrame(new Uint8Array(0));
  new DataView(header.buffer).setUint32(4, MAX_FRAME_BYTES + 1);
  return header;
}

/** After a handshake, `bytes` must get `Disconnect(Bad protocol)` (CONTRACT.md §3). */
function afterHandshake(id: string, title: string, bytes: () => Uint8Array): ConformanceCase {
  return {
    id,
    title,
    async run(ctx: CaseContext) {
      const { probe } = await handshake(ctx);
      probe.sendRaw(bytes());
      await probe.expectDisconnect(DisconnectReason.BadProtocol, ctx.timeouts.replyMs);
    },
  };
}

export const badProtocolCases: readonly ConformanceCase[] = [
  afterHandshake('bad-sync-token', 'a wrong sync token gets Disconnect(Bad protocol)', badSyncTokenFrame),
  afterHandshake(
    'frame-too-large',
    'a header announcing more than 16 MiB gets Disconnect(Bad protocol) without waiting for the body',
    oversizedHeader,
  ),
  afterHandshake('invalid-rlp', 'a payload that is not RLP gets Disconnect(Bad protocol)', () =>
    rawFrame(INVALID_RLP),
  ),
  afterHandshake('unknown-command', 'an unknown command id gets Disconnect(Bad protocol)', () =>
    rawFrame(UNKNOWN_COMMAND),
  ),
  afterHandshake(
    'malformed-command',
    'a known command with a malformed body gets Disconnect(Bad protocol)',
    () => rawFrame(MALFORMED_TRANSACTIONS),
  ),
  {
    id: 'second-hello',
    title: 'a second Hello gets Disconnect(Bad protocol)',
    async run(ctx) {
      const { probe, target, nodeId } = await handshake(ctx);
      probe.send(conformanceHello(target.networkId, nodeId));
      await probe.expectDisconnect(DisconnectReason.BadProtocol, ctx.timeouts.replyMs);
    },
  },
  {
    id: 'ping-before-hello',
    title: 'a Ping before our Hello gets Disconnect(Bad protocol)',
    async run(ctx) {
      const probe = await ctx.open();
      await targetHello(probe, ctx.timeouts);
      probe.send({ command: 'Ping' });
      await probe.expectDisconnect(DisconnectReason.BadProtocol, ctx.timeouts.replyMs);
    },
  },
  {
    id: 'hello-short-node-id',
    title: 'a Hello whose node id is not 64 bytes gets Disconnect(Bad protocol)',
    async run(ctx) {
      const probe = await ctx.open();
      const target = await targetHello(probe, ctx.timeouts);
      probe.send(conformanceHello(target.networkId, newNodeId().subarray(0, 32)));
      await probe.expectDisconnect(DisconnectReason.BadProtocol, ctx.timeouts.replyMs);
    },
  },
  {
    id: 'nothing-after-bad-protocol',
    title: 'after Bad protocol nothing more is answered: Pings after the bad frame get no Pong',
    timerBudgetMs: (t) => timeWindow(t, 'grace').hiMs,
    async run(ctx) {
      const t = ctx.timeouts;
      const { probe } = await handshake(ctx);
      const before = probe.received.length;
      // The Ping rides in the same write as the bad frame, and another follows the Disconnect.
      probe.sendRaw(concatBytes(rawFrame(UNKNOWN_COMMAND), PING_FRAME));
      await probe.expectDisconnect(DisconnectReason.BadProtocol, t.replyMs);
      probe.sendRaw(PING_FRAME);
      await probe.waitClosed(timeWindow(t, 'grace').hiMs + t.replyMs);
      const pongs = probe.received.slice(before).filter((r) => r.message.command === 'Pong').length;
      check(pongs === 0, `expected no Pong after the bad frame, got ${pongs}`);
    },
  },
];
