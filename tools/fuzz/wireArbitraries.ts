import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Block, BlockHeader, Message, PeerEndpoint, RlpItem, Transaction } from '../../wire';
import {
  COMMAND_NAMES,
  Command,
  decodeRlp,
  encodeFrame,
  encodeMessageFrame,
  encodeRlp,
  encodeUint,
} from '../../wire';
import { sharedPath } from '../bench/repoRoot';

/**
 * Generators for the fuzz targets: valid messages of every command (the shapes the 2014 clients sent),
 * arbitrary RLP trees behind real command ids, and the real frames of the cpp-ethereum v0.3.11 captures
 * as seeds for mutation.
 */

const bytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n });
const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });

const transactionArb: fc.Arbitrary<Transaction> = fc.record({
  nonce: uint256,
  to: bytes(20),
  value: uint256,
  data: fc.array(uint256, { maxLength: 3 }),
  v: fc.constantFrom(27n, 28n),
  r: uint256,
  s: uint256,
});

const headerArb: fc.Arbitrary<BlockHeader> = fc.record({
  parentHash: bytes(32),
  sha3Uncles: bytes(32),
  coinbase: bytes(20),
  stateRoot: bytes(32),
  sha3Transactions: bytes(32),
  difficulty: uint256,
  timestamp: fc.bigInt({ min: 0n, max: 2n ** 64n }),
  extraData: fc.uint8Array({ maxLength: 32 }),
  nonce: bytes(32),
});

const blockArb: fc.Arbitrary<Block> = fc.record({
  header: headerArb,
  transactions: fc.array(transactionArb, { maxLength: 2 }),
  uncles: fc.array(headerArb, { maxLength: 1 }),
});

const peerArb: fc.Arbitrary<PeerEndpoint> = fc.record({
  ip: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.')),
  port: fc.nat(0xffff),
  nodeId: bytes(64),
});

/** A valid message of any command. */
export const messageArb: fc.Arbitrary<Message> = fc.oneof(
  fc.record({
    command: fc.constant('Hello' as const),
    protocolVersion: fc.nat(255),
    networkId: fc.nat(0xffff),
    clientId: fc.string({ maxLength: 40 }),
    capabilities: fc.nat(7),
    listenPort: fc.nat(0xffff),
    nodeId: fc.option(bytes(64), { nil: undefined }),
    fieldOrder: fc.constant('capabilitiesFirst' as const),
  }),
  fc.record({
    command: fc.constant('Disconnect' as const),
    reason: fc.option(fc.nat(255), { nil: undefined }),
  }),
  fc.constantFrom<Message>(
    { command: 'Ping' },
    { command: 'Pong' },
    { command: 'GetPeers' },
    { command: 'GetTransactions' },
  ),
  fc.record({ command: fc.constant('Peers' as const), peers: fc.array(peerArb, { maxLength: 4 }) }),
  fc.record({
    command: fc.constant('Transactions' as const),
    transactions: fc.array(transactionArb, { maxLength: 3 }),
  }),
  fc.record({ command: fc.constant('Blocks' as const), blocks: fc.array(blockArb, { maxLength: 2 }) }),
  fc.record({
    command: fc.constant('GetChain' as const),
    parents: fc.array(bytes(32), { minLength: 1, maxLength: 4 }),
    count: fc.nat(0xffffffff),
  }),
  fc.record({ command: fc.constant('NotInChain' as const), hash: bytes(32) }),
);

/** Any RLP tree, with strings of the lengths the protocol uses (integers, addresses, hashes, node ids). */
export const rlpItemArb: fc.Arbitrary<RlpItem> = fc.letrec<{ item: RlpItem }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.uint8Array({ maxLength: 4 }),
    fc.constantFrom(20, 32, 64).chain((n) => bytes(n)),
    fc.array(tie('item'), { maxLength: 8 }),
  ),
})).item;

/** `[known command id, …random RLP items]`: well-formed RLP that reaches every per-command decoder. */
export const commandShapedPayloadArb: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.constantFrom(...COMMAND_NAMES), fc.array(rlpItemArb, { maxLength: 7 }))
  .map(([name, fields]) => encodeRlp([encodeUint(Command[name]), ...fields]));

/** The frames of the captured cpp-ethereum v0.3.11 session and the real chain as Blocks frames. */
export function realFrames(): Uint8Array[] {
  const dir = sharedPath('vectors', 'cpp-ethereum-v0.3.11');
  const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/^0x/, ''), 'hex'));
  const session = readFileSync(`${dir}/session.jsonl`, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => hex((JSON.parse(l) as { hex: string }).hex));
  const chain = JSON.parse(readFileSync(`${dir}/chain.json`, 'utf8')) as { blocks: Array<{ rlp: string }> };
  // `Blocks [b]` for each real block: the client's RLP is canonical, so decoding and re-encoding keeps its bytes.
  const blockFrames = chain.blocks.map((b) =>
    encodeFrame(encodeRlp([encodeUint(Command.Blocks), decodeRlp(hex(b.rlp))])),
  );
  return [...session, ...blockFrames];
}

/** A valid frame: a generated message, or one of the real frames. */
export function validFrameArb(corpus: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.oneof(messageArb.map(encodeMessageFrame), fc.constantFrom(...corpus));
}
