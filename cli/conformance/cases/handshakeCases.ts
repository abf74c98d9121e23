import type { RlpItem } from '../../../wire';
import {
  CAPABILITIES_ALL,
  NODE_ID_BYTES,
  PROTOCOL_VERSION,
  decodeRlp,
  encodeMessageFrame,
} from '../../../wire';
import { check } from '../conformanceError';
import type { ConformanceCase } from '../conformanceCase';
import { CPP_CLIENT_ID, conformanceHello, pyethereumHelloPayload } from '../helloPackets';
import { isValidNodeId, newNodeId } from '../nodeIdentity';
import { describeMessage } from '../probe';
import { PING_FRAME, concatBytes, expectAlive, rawFrame, targetHello } from '../steps';

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

/** Integer slots of Hello's RLP `[0x00, version, networkId, clientId, capabilities, listenPort, nodeId]`. */
const INTEGER_SLOTS = [
  [0, 'command'],
  [1, 'version'],
  [2, 'network id'],
  [4, 'capabilities'],
  [5, 'listen port'],
] as const;

/** "Integers are sent canonical (minimal big-endian, 0 = empty string)" (CONTRACT.md §3). */
function checkCanonicalHello(payload: Uint8Array): void {
  const root = decodeRlp(payload);
  check(Array.isArray(root), 'expected Hello to be an RLP list, got a string');
  check(root.length === 7, `expected Hello with 7 items (node id included), got ${root.length}`);
  for (const [slot, name] of INTEGER_SLOTS) {
    const item: RlpItem | undefined = root[slot];
    check(item instanceof Uint8Array, `expected the ${name} as a byte string, got a list`);
    check(
      item[0] !== 0,
      `expected a canonical ${name} (no leading zero byte), got ${item.length} bytes from 0x00`,
    );
  }
  const capabilities = root[4] as Uint8Array;
  check(
    capabilities.length <= 1 && (capabilities[0] ?? 0) <= CAPABILITIES_ALL,
    'expected capabilities in the slot after the client id (cpp-ethereum order), got a value above 0x07',
  );
}

export const handshakeCases: readonly ConformanceCase[] = [
  {
    id: 'hello-first',
    title: 'the target sends a valid Hello first, without waiting for ours',
    async run(ctx) {
      const probe = await ctx.open();
      await targetHello(probe, ctx.timeouts);
      const first = probe.received[0]!;
      check(
        first.message.command === 'Hello',
        () => `expected Hello first, got ${describeMessage(first.message)}`,
      );
      const m = first.message;
      check(m.protocolVersion === PROTOCOL_VERSION, `expected protocol version 8, got ${m.protocolVersion}`);
      check(m.nodeId !== undefined, 'expected a 64-byte node id, got none');
      check(m.nodeId.length === NODE_ID_BYTES, `expected a 64-byte node id, got ${m.nodeId.length} bytes`);
      check(
        isValidNodeId(m.nodeId),
        'expected the node id to be a secp256k1 public key, got a point off the curve',
      );
      check(
        m.capabilities <= CAPABILITIES_ALL,
        `expected capabilities within 0x07, got ${hex(m.capabilities)}`,
      );
      check(m.clientId.length > 0, 'expected a client id, got an empty string');
      checkCanonicalHello(first.payload);
    },
  },
  {
    id: 'hello-cpp-order',
    title: "a Hello in cpp-ethereum v0.3.11's field order completes the handshake",
    async run(ctx) {
      const probe = await ctx.open();
      const target = await targetHello(probe, ctx.timeouts);
      probe.send(conformanceHello(target.networkId, newNodeId(), { clientId: CPP_CLIENT_ID }));
      await expectAlive(probe, ctx.timeouts);
    },
  },
  {
    id: 'hello-pyethereum-order',
    title:
      "pyethereum 0.0.1's real Hello (port before capabilities, no node id, network id \\x00) is accepted",
    async run(ctx) {
      const probe = await ctx.open();
      const target = await targetHello(probe, ctx.timeouts);
      probe.sendRaw(rawFrame(pyethereumHelloPayload(target.networkId)), true);
      await expectAlive(probe, ctx.timeouts);
    },
  },
  {
    id: 'hello-byte-by-byte',
    title: 'a Hello delivered one byte per write is understood',
    async run(ctx) {
      const probe = await ctx.open();
      const target = await targetHello(probe, ctx.timeouts);
      const frame = encodeMessageFrame(conformanceHello(target.networkId, newNodeId()));
      // One turn of the event loop between bytes, not a timer, and the whole Hello out within a fifth of the
      // hello timeout, so that a correct target is never failed for our own slowness.
      const everyByte = Array.from({ length: frame.length }, (_, i) => i);
      const maxSpreadMs = ctx.timeouts.helloTimeoutMs / 5;
      await probe.sendPieces(frame, everyByte, { pauseMs: 0, maxSpreadMs, isHello: true });
      await expectAlive(probe, ctx.timeouts);
    },
  },
  {
    id: 'hello-ping-coalesced',
    title: 'a Hello and a Ping in one write: the Ping is answered with Pong',
    async run(ctx) {
      const probe = await ctx.open();
      const target = await targetHello(probe, ctx.timeouts);
      const hello = encodeMessageFrame(conformanceHello(target.networkId, newNodeId()));
      probe.sendRaw(concatBytes(hello, PING_FRAME), true);
      await probe.waitFor('Pong', ctx.timeouts.replyMs, 'Pong to the coalesced Ping');
      await probe.staysOpen(ctx.timeouts.settleMs);
    },
  },
];
