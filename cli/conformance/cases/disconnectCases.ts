import { DisconnectReason, PROTOCOL_VERSION } from '../../../wire';
import { check } from '../conformanceError';
import type { ConformanceCase } from '../conformanceCase';
import { conformanceHello } from '../helloPackets';
import { newNodeId } from '../nodeIdentity';
import { now } from '../probe';
import { expectAlive, handshake, targetHello } from '../steps';
import type { TimeWindow } from '../timeouts';
import { timeWindow } from '../timeouts';

/** An unknown reason code (PROTOCOL.md: "logged as unknown, not a crash"). */
const UNKNOWN_REASON = 0x63;

function checkWithin(ms: number, w: TimeWindow, what: string): void {
  const got = Math.round(ms);
  check(got >= w.loMs && got <= w.hiMs, `expected ${what} after ${w.loMs}–${w.hiMs} ms, got ${got} ms`);
}

export const disconnectCases: readonly ConformanceCase[] = [
  {
    id: 'version-7',
    title: 'a Hello with protocol version 7 gets Disconnect(Incompatible network protocols)',
    async run(ctx) {
      const probe = await ctx.open();
      const target = await targetHello(probe, ctx.timeouts);
      probe.send(conformanceHello(target.networkId, newNodeId(), { protocolVersion: PROTOCOL_VERSION - 1 }));
      await probe.expectDisconnect(DisconnectReason.IncompatibleNetworkProtocols, ctx.timeouts.replyMs);
    },
  },
  {
    id: 'network-id',
    title: 'a Hello with another network id gets Disconnect(Wrong genesis block)',
    async run(ctx) {
      const probe = await ctx.open();
      const target = await targetHello(probe, ctx.timeouts);
      // Network 1 against the default 0; whatever the target's id, one more differs.
      probe.send(conformanceHello(target.networkId + 1, newNodeId()));
      await probe.expectDisconnect(DisconnectReason.WrongGenesisBlock, ctx.timeouts.replyMs);
    },
  },
  {
    id: 'duplicate-node-id',
    title:
      'a second connection with the node id of a live one gets Disconnect(Already connected), the first stays up',
    async run(ctx) {
      const first = await handshake(ctx);
      const second = await ctx.open();
      const target = await targetHello(second, ctx.timeouts);
      second.send(conformanceHello(target.networkId, first.nodeId));
      await second.expectDisconnect(DisconnectReason.AlreadyConnected, ctx.timeouts.replyMs);
      await expectAlive(first.probe, ctx.timeouts);
    },
  },
  {
    id: 'own-node-id',
    title: "a Hello carrying the target's own node id gets Disconnect(Already connected)",
    async run(ctx) {
      const probe = await ctx.open();
      const target = await targetHello(probe, ctx.timeouts);
      check(target.nodeId !== undefined, "expected the target's Hello to carry its node id, got none");
      probe.send(conformanceHello(target.networkId, target.nodeId));
      await probe.expectDisconnect(DisconnectReason.AlreadyConnected, ctx.timeouts.replyMs);
    },
  },
  {
    id: 'hello-timeout',
    title: 'no Hello from us gets Disconnect(Useless peer) after the hello timeout',
    timerBudgetMs: (t) => timeWindow(t, 'hello').hiMs,
    async run(ctx) {
      const t = ctx.timeouts;
      const probe = await ctx.open();
      const window = timeWindow(t, 'hello');
      const d = await probe.expectDisconnect(DisconnectReason.UselessPeer, window.hiMs + t.replyMs);
      checkWithin(d.atMs - probe.openedAtMs, window, 'Disconnect(Useless peer)');
    },
  },
  {
    id: 'keep-alive',
    title:
      'a silent peer is pinged after the ping interval and dropped as Useless peer after the ping timeout',
    timerBudgetMs: (t) => timeWindow(t, 'pingInterval').hiMs + timeWindow(t, 'pingTimeout').hiMs,
    async run(ctx) {
      const t = ctx.timeouts;
      const probe = await ctx.open();
      probe.autoPong = false;
      const target = await targetHello(probe, t);
      probe.send(conformanceHello(target.networkId, newNodeId()));
      const helloAt = now();
      // cpp-ethereum pinged right after Hello (PROTOCOL.md); only a later Ping is the keep-alive one.
      const handshakePingMs = t.pingIntervalMs / 4;
      const interval = timeWindow(t, 'pingInterval');
      let ping = await probe.waitFor('Ping', interval.hiMs + t.replyMs, 'a keep-alive Ping');
      while (ping.atMs - helloAt < handshakePingMs) {
        ping = await probe.waitFor('Ping', interval.hiMs + t.replyMs, 'a keep-alive Ping');
      }
      checkWithin(ping.atMs - helloAt, interval, 'the keep-alive Ping');
      const timeout = timeWindow(t, 'pingTimeout');
      const d = await probe.expectDisconnect(DisconnectReason.UselessPeer, timeout.hiMs + t.replyMs);
      checkWithin(d.atMs - ping.atMs, timeout, 'Disconnect(Useless peer) to the unanswered Ping');
    },
  },
  {
    id: 'disconnect-grace',
    title: 'after its Disconnect the target closes the connection after the grace, not at once',
    timerBudgetMs: (t) => timeWindow(t, 'grace').hiMs,
    async run(ctx) {
      const t = ctx.timeouts;
      const probe = await ctx.open();
      const target = await targetHello(probe, t);
      probe.send(conformanceHello(target.networkId, newNodeId(), { protocolVersion: PROTOCOL_VERSION - 1 }));
      const d = await probe.expectDisconnect(DisconnectReason.IncompatibleNetworkProtocols, t.replyMs);
      const window = timeWindow(t, 'grace');
      const closedAt = await probe.waitClosed(window.hiMs + t.replyMs);
      checkWithin(closedAt - d.atMs, window, 'the close');
    },
  },
  {
    id: 'our-disconnect',
    title: 'on our Disconnect the target closes the connection at once',
    async run(ctx) {
      const { probe } = await handshake(ctx);
      probe.send({ command: 'Disconnect', reason: DisconnectReason.DisconnectRequested });
      await probe.waitClosed(ctx.timeouts.immediateCloseMs);
    },
  },
  {
    id: 'disconnect-before-hello',
    title: 'a Disconnect before our Hello is allowed: the target closes at once without Bad protocol',
    async run(ctx) {
      const probe = await ctx.open();
      await targetHello(probe, ctx.timeouts);
      probe.send({ command: 'Disconnect', reason: DisconnectReason.ClientQuitting });
      await probe.waitClosed(ctx.timeouts.immediateCloseMs);
      const answer = probe.received.find((r) => r.message.command === 'Disconnect');
      check(
        answer?.message.command !== 'Disconnect' || answer.message.reason !== DisconnectReason.BadProtocol,
        'expected no Disconnect(Bad protocol), got one',
      );
    },
  },
  {
    id: 'unknown-reason',
    title: 'a Disconnect with an unknown reason closes the connection and the target still accepts peers',
    async run(ctx) {
      const { probe } = await handshake(ctx);
      probe.send({ command: 'Disconnect', reason: UNKNOWN_REASON });
      await probe.waitClosed(ctx.timeouts.immediateCloseMs);
      await handshake(ctx);
    },
  },
];
