import fc from 'fast-check';
import type { Block, BlockHeader, HelloMessage, Message, PeerEndpoint, Transaction } from '../../../wire';

/** fast-check arbitraries for every message, within the ranges the codec promises to round-trip. */

const bytes = (length: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: length, maxLength: length });
const uint256 = fc.bigInt({ min: 0n, max: 2n ** 256n - 1n });
/** Lenient handshake integers are read into JS numbers of up to 6 bytes. */
const uint48 = fc.integer({ min: 0, max: 2 ** 48 - 1 });

export const helloArb: fc.Arbitrary<HelloMessage> = fc.oneof(
  fc.record({
    command: fc.constant('Hello' as const),
    protocolVersion: uint48,
    networkId: uint48,
    clientId: fc.string({ unit: 'grapheme', maxLength: 40 }),
    capabilities: fc.integer({ min: 0, max: 7 }),
    listenPort: fc.integer({ min: 0, max: 0xffff }),
    nodeId: fc.option(bytes(64), { nil: undefined }),
    fieldOrder: fc.constant('capabilitiesFirst' as const),
  }),
  // pyethereum's order is recognised by a port > 7 in the capabilities slot (PROTOCOL.md).
  fc.record({
    command: fc.constant('Hello' as const),
    protocolVersion: uint48,
    networkId: uint48,
    clientId: fc.string({ unit: 'grapheme', maxLength: 40 }),
    capabilities: fc.integer({ min: 0, max: 7 }),
    listenPort: fc.integer({ min: 8, max: 0xffff }),
    nodeId: fc.option(bytes(64), { nil: undefined }),
    fieldOrder: fc.constant('portFirst' as const),
  }),
);

const ipArb = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));

export const peerArb: fc.Arbitrary<PeerEndpoint> = fc.record({
  ip: ipArb,
  port: fc.integer({ min: 0, max: 0xffff }),
  nodeId: bytes(64),
});

export const transactionArb: fc.Arbitrary<Transaction> = fc.record({
  nonce: uint256,
  to: bytes(20),
  value: uint256,
  data: fc.array(uint256, { maxLength: 4 }),
  v: fc.bigInt({ min: 27n, max: 28n }),
  r: uint256,
  s: uint256,
});

export const headerArb: fc.Arbitrary<BlockHeader> = fc.record({
  parentHash: bytes(32),
  sha3Uncles: bytes(32),
  coinbase: bytes(20),
  stateRoot: bytes(32),
  sha3Transactions: bytes(32),
  difficulty: uint256,
  timestamp: fc.bigInt({ min: 0n, max: 2n ** 64n }),
  extraData: fc.uint8Array({ maxLength: 40 }),
  nonce: bytes(32),
});

export const blockArb: fc.Arbitrary<Block> = fc.record({
  header: headerArb,
  transactions: fc.array(transactionArb, { maxLength: 3 }),
  uncles: fc.array(headerArb, { maxLength: 2 }),
});

/** One arbitrary per command: encode → decode must be the identity for all of them. */
export const messageArbs = {
  Hello: helloArb,
  Disconnect: fc.record({
    command: fc.constant('Disconnect' as const),
    reason: fc.option(fc.nat(255), { nil: undefined }),
  }),
  Ping: fc.constant({ command: 'Ping' as const }),
  Pong: fc.constant({ command: 'Pong' as const }),
  GetPeers: fc.constant({ command: 'GetPeers' as const }),
  Peers: fc.record({ command: fc.constant('Peers' as const), peers: fc.array(peerArb, { maxLength: 5 }) }),
  Transactions: fc.record({
    command: fc.constant('Transactions' as const),
    transactions: fc.array(transactionArb, { maxLength: 4 }),
  }),
  Blocks: fc.record({
    command: fc.constant('Blocks' as const),
    blocks: fc.array(blockArb, { maxLength: 3 }),
  }),
  GetChain: fc.record({
    command: fc.constant('GetChain' as const),
    // GetChain names at least one parent (`parent_1 … parent_n, count`), so n ≥ 1.
    parents: fc.array(bytes(32), { minLength: 1, maxLength: 6 }),
    count: fc.integer({ min: 0, max: 0xffffffff }),
  }),
  NotInChain: fc.record({ command: fc.constant('NotInChain' as const), hash: bytes(32) }),
  GetTransactions: fc.constant({ command: 'GetTransactions' as const }),
} satisfies { [C in Message['command']]: fc.Arbitrary<Extract<Message, { command: C }>> };

export const anyMessageArb: fc.Arbitrary<Message> = fc.oneof(
  ...Object.values(messageArbs).map((a) => a as fc.Arbitrary<Message>),
);
