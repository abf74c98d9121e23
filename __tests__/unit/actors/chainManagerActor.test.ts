import * as rlpModule from '@ethereumjs/rlp';
import * as sha3 from '@noble/hashes/sha3';
import { createActor, setup } from 'xstate';
import { createChainManagerActor } from '../../../actors/chainManagerActor';
import { ChainManager, TransactionPool, pooledTransaction } from '../../../chain';
import type { MailboxMessage, SupervisorEvent } from '../../../machines/supervisorEvents';
import { MemoryStore } from '../../../store';
import { encodeMessageFrame } from '../../../wire';
import type { Message, Transaction } from '../../../wire';
import { signedTransaction } from '../chain/chainFixtures';
import { remoteHello } from '../../helpers/peerHarness';

const hello = remoteHello(0xab);

/** Signed transactions no other test signs (the process-wide verdict cache must not know them). */
function freshTransactions(count: number, salt: number): Transaction[] {
  return Array.from({ length: count }, (_, i) =>
    signedTransaction(
      Uint8Array.from({ length: 32 }, (_, j) => (j === 0 ? salt : i + j + 1)),
      {
        nonce: BigInt(i),
        to: new Uint8Array(20).fill(salt),
        value: 1000n + BigInt(i),
        data: [],
      },
    ),
  );
}

/** The chain-manager actor under a parent that records what it sends back (the supervisor's routing events). */
async function chainManagerWithPeers(connIds: readonly number[]) {
  const chain = await ChainManager.open(new MemoryStore());
  const pool = new TransactionPool();
  const routed: SupervisorEvent[] = [];
  const parent = setup({
    types: { events: {} as SupervisorEvent },
    actors: { chain: createChainManagerActor(chain, pool) },
  }).createMachine({
    invoke: { src: 'chain', id: 'chain' },
    on: { '*': { actions: ({ event }) => routed.push(event) } },
  });
  const actor = createActor(parent).start();
  const deliver = (m: MailboxMessage): void => actor.getSnapshot().children.chain!.send(m);
  for (const connId of connIds)
    deliver({ type: 'mailbox.peerActive', connId, hello, greet: () => undefined });
  routed.length = 0;
  return { chain, pool, routed, deliver, stop: () => actor.stop() };
}

const messageOf = (e: SupervisorEvent | undefined): Message | undefined =>
  e && (e.type === 'route.send' || e.type === 'route.broadcast') ? e.message : undefined;

describe('the chain-manager actor, a new peer', () => {
  it('asks a peer that became active for the chain, then its transactions, through the greeting it is given', async () => {
    const { chain, routed, deliver, stop } = await chainManagerWithPeers([]);
    const greeted: Array<readonly Message[]> = [];
    deliver({ type: 'mailbox.peerActive', connId: 7, hello, greet: (messages) => greeted.push(messages) });
    expect(greeted).toEqual([[chain.chainRequest(), { command: 'GetTransactions' }]]);
    // Nothing goes through the supervisor's routing for it.
    expect(routed).toEqual([]);
    stop();
  });
});

describe('the chain-manager actor', () => {
  let keccak: jest.SpiedFunction<typeof sha3.keccak_256>;
  beforeEach(() => {
    keccak = jest.spyOn(sha3, 'keccak_256');
  });
  afterEach(() => keccak.mockRestore());

  it('hashes each received transaction once: its identity, its signing hash and its sender, nothing more', async () => {
    const { pool, routed, deliver, stop } = await chainManagerWithPeers([1, 2, 3]);
    const txs = freshTransactions(4, 0x51);
    keccak.mockClear();
    // The third one twice in the same message: a duplicate is neither hashed for a check nor relayed twice.
    deliver({ type: 'mailbox.transactions', connId: 1, transactions: [...txs, txs[2]!] });
    // Five received, four distinct objects: four identities (the repeated object's entry is remembered),
    // four signing hashes and four senders.
    expect(keccak).toHaveBeenCalledTimes(4 + 4 + 4);
    expect(pool.entries().map((e) => e.hashHex)).toEqual(txs.map((tx) => pooledTransaction(tx).hashHex));
    expect(routed).toEqual([
      { type: 'route.broadcast', connIds: [2, 3], message: { command: 'Transactions', transactions: txs } },
    ]);
    stop();
  });

  it('hashes nothing when a second node is given the same transaction objects (one relayed frame decoded once)', async () => {
    const first = await chainManagerWithPeers([1, 2]);
    const second = await chainManagerWithPeers([1, 2]);
    const txs = freshTransactions(3, 0x56);
    first.deliver({ type: 'mailbox.transactions', connId: 1, transactions: txs });
    keccak.mockClear();
    second.deliver({ type: 'mailbox.transactions', connId: 1, transactions: txs });
    // Identity remembered per object, sender verdict per hash (process-wide): no Keccak at all.
    expect(keccak).not.toHaveBeenCalled();
    expect(second.pool.entries().map((e) => e.tx)).toEqual(txs);
    expect(second.routed).toEqual([
      { type: 'route.send', connId: 2, message: { command: 'Transactions', transactions: txs } },
    ]);
    first.stop();
    second.stop();
  });

  it('hashes the identity again for an equal transaction decoded separately (the memo is by object)', async () => {
    const first = await chainManagerWithPeers([1]);
    const second = await chainManagerWithPeers([1]);
    const txs = freshTransactions(2, 0x57);
    first.deliver({ type: 'mailbox.transactions', connId: 1, transactions: txs });
    const copies = txs.map((tx) => ({ ...tx, to: tx.to.slice(), data: [...tx.data] }));
    keccak.mockClear();
    second.deliver({ type: 'mailbox.transactions', connId: 1, transactions: copies });
    // Two identities; the sender verdicts are remembered by hash.
    expect(keccak).toHaveBeenCalledTimes(2);
    expect(second.pool.entries().map((e) => e.hashHex)).toEqual(first.pool.entries().map((e) => e.hashHex));
    first.stop();
    second.stop();
  });

  it('answers GetTransactions from the pool as stored, hashing nothing, and marks the asker as knowing them', async () => {
    const { routed, deliver, stop } = await chainManagerWithPeers([1, 2]);
    const txs = freshTransactions(3, 0x52);
    deliver({ type: 'mailbox.transactions', connId: 1, transactions: txs });
    deliver({ type: 'mailbox.peerActive', connId: 4, hello, greet: () => undefined });
    routed.length = 0;
    keccak.mockClear();
    deliver({ type: 'mailbox.getTransactions', connId: 4 });
    expect(keccak).not.toHaveBeenCalled();
    expect(routed).toEqual([
      { type: 'route.send', connId: 4, message: { command: 'Transactions', transactions: txs } },
    ]);
    // Peer 4 now has them: a later transaction goes to 2 and 4, the old ones to nobody again.
    routed.length = 0;
    const [later] = freshTransactions(1, 0x53);
    deliver({ type: 'mailbox.transactions', connId: 1, transactions: [...txs, later!] });
    expect(routed.map((e) => (e.type === 'route.broadcast' ? e.connIds : e.type))).toEqual([[2, 4]]);
    expect(messageOf(routed[0])).toEqual({ command: 'Transactions', transactions: [later] });
    stop();
  });
  it('serves GetTransactions and relays without RLP-encoding a transaction: the frames splice the pool’s RLP', async () => {
    const { routed, deliver, stop } = await chainManagerWithPeers([1, 2, 3]);
    const txs = freshTransactions(5, 0x54);
    const rlpEncode = jest.spyOn(rlpModule.RLP, 'encode');
    try {
      deliver({ type: 'mailbox.transactions', connId: 1, transactions: txs });
      // Receiving encodes each transaction twice: for its identity (the pool keeps that RLP) and, without
      // its signature, for the signing hash its sender is recovered from.
      expect(rlpEncode).toHaveBeenCalledTimes(5 + 5);
      const relayed = messageOf(routed[0]);
      deliver({ type: 'mailbox.peerActive', connId: 4, hello, greet: () => undefined });
      routed.length = 0;
      deliver({ type: 'mailbox.getTransactions', connId: 4 });
      const answer = messageOf(routed[0]);
      rlpEncode.mockClear();
      // What the peers' connections do with the routed messages: frame them.
      const frames = [relayed, answer].map((m) => (m === undefined ? undefined : encodeMessageFrame(m)));
      expect(rlpEncode).not.toHaveBeenCalled();
      expect(frames).toEqual([
        encodeMessageFrame({ command: 'Transactions', transactions: txs }),
        encodeMessageFrame({ command: 'Transactions', transactions: txs }),
      ]);
      // The same spy sees a plain message's encoding, so the check above could fail.
      expect(rlpEncode).toHaveBeenCalled();
    } finally {
      rlpEncode.mockRestore();
    }
    stop();
  });
});
