import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type {
  Block,
  BlockHeader,
  HelloMessage,
  Message,
  PeerEndpoint,
  RlpItem,
  Transaction,
} from '../../wire';
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
 * Generators of wire inputs, shared by the codec's property tests (__tests__/unit/wire) and the fuzz
 * targets: valid messages of every command (the shapes the 2014 clients sent), arbitrary RLP trees behind
 * real command ids, and the real frames of the cpp-ethereum v0.3.11 captures as seeds for mutation.
 */

/** How long the generated lists and strings may get; everything else is the full range the codec takes. */
export interface MessageBounds {
  /** Words of a transaction's `data`. */
  readonly dataWords: number;
  readonly extraDataBytes: number;
  readonly blockTransactions: number;
  readonly blockUncles: number;
  /** Entries of a Peers message. */
  readonly peers: number;
  /** Transactions of a Transactions message. */
  readonly transactions: number;
  /** Blocks of a Blocks message. */
  readonly blocks: number;
  /** Parents named by a GetChain (at least one). */
  readonly parents: number;
}

/** The property tests run ~100 inputs each, so each input may be a little larger. */
export const PROPERTY_BOUNDS: MessageBounds = {
  dataWords: 4,
  extraDataBytes: 40,
  blockTransactions: 3,
  blockUncles: 2,
  peers: 5,
  transactions: 4,
  blocks: 3,
  parents: 6,
};

/** The fuzzer runs a million inputs: smaller lists keep each one cheap. */
export const FUZZ_BOUNDS: MessageBounds = {
  dataWords: 3,
  extraDataBytes: 32,
  blockTransactions: 2,
  blockUncles: 1,
  peers: 4,
  transactions: 3,
  blocks: 2,
  parents: 4,
};

const bytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n });
const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
/** Lenient handshake integers are read into JS numbers of up to 6 bytes. */
const uint48 = fc.integer({ min: 0, max: 2 ** 48 - 1 });

type ArbitraryByCommand = { [C in Message['command']]: fc.Arbitrary<Extract<Message, { command: C }>> };

export interface MessageArbitraries {
  readonly hello: fc.Arbitrary<HelloMessage>;
  readonly peer: fc.Arbitrary<PeerEndpoint>;
  readonly transaction: fc.Arbitrary<Transaction>;
  readonly header: fc.Arbitrary<BlockHeader>;
  readonly block: fc.Arbitrary<Block>;
  /** One arbitrary per command: encode → decode must be the identity for all of them. */
  readonly byCommand: ArbitraryByCommand;
  /** A valid message of any command. */
  readonly any: fc.Arbitrary<Message>;
}

function helloOrder(fieldOrder: HelloMessage['fieldOrder'], minPort: number): fc.Arbitrary<HelloMessage> {
  return fc.record({
    command: fc.constant('Hello' as const),
    protocolVersion: uint48,
    networkId: uint48,
    clientId: fc.string({ unit: 'grapheme', maxLength: 40 }),
    capabilities: fc.integer({ min: 0, max: 7 }),
    listenPort: fc.integer({ min: minPort, max: 0xffff }),
    nodeId: fc.option(bytes(64), { nil: undefined }),
    fieldOrder: fc.constant(fieldOrder),
  });
}

/** Valid messages within `bounds`, each field over the whole range the codec promises to round-trip. */
export function messageArbitraries(bounds: MessageBounds): MessageArbitraries {
  // pyethereum's order is recognised by a port > 7 in the capabilities slot (PROTOCOL.md).
  const hello = fc.oneof(helloOrder('capabilitiesFirst', 0), helloOrder('portFirst', 8));
  const peer: fc.Arbitrary<PeerEndpoint> = fc.record({
    ip: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.')),
    port: fc.nat(0xffff),
    nodeId: bytes(64),
  });
  const transaction: fc.Arbitrary<Transaction> = fc.record({
    nonce: uint256,
    to: bytes(20),
    value: uint256,
    data: fc.array(uint256, { maxLength: bounds.dataWords }),
    v: fc.constantFrom(27n, 28n),
    r: uint256,
    s: uint256,
  });
  const header: fc.Arbitrary<BlockHeader> = fc.record({
    parentHash: bytes(32),
    sha3Uncles: bytes(32),
    coinbase: bytes(20),
    stateRoot: bytes(32),
    sha3Transactions: bytes(32),
    difficulty: uint256,
    timestamp: fc.bigInt({ min: 0n, max: 2n ** 64n }),
    extraData: fc.uint8Array({ maxLength: bounds.extraDataBytes }),
    nonce: bytes(32),
  });
  const block: fc.Arbitrary<Block> = fc.record({
    header,
    transactions: fc.array(transaction, { maxLength: bounds.blockTransactions }),
    uncles: fc.array(header, { maxLength: bounds.blockUncles }),
  });
  const byCommand: ArbitraryByCommand = {
    Hello: hello,
    Disconnect: fc.record({
      command: fc.constant('Disconnect' as const),
      reason: fc.option(fc.nat(255), { nil: undefined }),
    }),
    Ping: fc.constant({ command: 'Ping' as const }),
    Pong: fc.constant({ command: 'Pong' as const }),
    GetPeers: fc.constant({ command: 'GetPeers' as const }),
    Peers: fc.record({
      command: fc.constant('Peers' as const),
      peers: fc.array(peer, { maxLength: bounds.peers }),
    }),
    Transactions: fc.record({
      command: fc.constant('Transactions' as const),
      transactions: fc.array(transaction, { maxLength: bounds.transactions }),
    }),
    Blocks: fc.record({
      command: fc.constant('Blocks' as const),
      blocks: fc.array(block, { maxLength: bounds.blocks }),
    }),
    GetChain: fc.record({
      command: fc.constant('GetChain' as const),
      // GetChain names at least one parent (`parent_1 … parent_n, count`), so n ≥ 1.
      parents: fc.array(bytes(32), { minLength: 1, maxLength: bounds.parents }),
      count: fc.nat(0xffffffff),
    }),
    NotInChain: fc.record({ command: fc.constant('NotInChain' as const), hash: bytes(32) }),
    GetTransactions: fc.constant({ command: 'GetTransactions' as const }),
  };
  const any = fc.oneof(...Object.values(byCommand).map((a) => a as fc.Arbitrary<Message>));
  return { hello, peer, transaction, header, block, byCommand, any };
}

/** A valid message of any command, within the fuzzer's bounds. */
export const messageArb: fc.Arbitrary<Message> = messageArbitraries(FUZZ_BOUNDS).any;

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
