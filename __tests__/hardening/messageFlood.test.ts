import {
  DEFAULT_FRAME_BUDGET_PER_SECOND,
  GET_TRANSACTIONS_COST,
  frameBudgetCapacity,
} from '../../actors/frameBudget';
import { DisconnectReason, blockFromRlp, decodeRlp, encodeMessageFrame } from '../../wire';
import type { Message } from '../../wire';
import { loadChain } from '../helpers/vectors';
import type { MemoryNode } from './helpers/memoryNode';
import { startMemoryNode } from './helpers/memoryNode';

/**
 * Message floods through the whole node on a simulated clock: every frame a peer sends is handled at once,
 * so a flood must be cut off by the frame budget (Useless peer) or by the write bound, never queued.
 */

const BUDGET_PER_SECOND = 100;
const BURST = frameBudgetCapacity(BUDGET_PER_SECOND);

function repeated(message: Message, times: number): Uint8Array {
  const frame = encodeMessageFrame(message);
  const out = new Uint8Array(frame.length * times);
  for (let i = 0; i < times; i++) out.set(frame, i * frame.length);
  return out;
}

const peersOf = (node: MemoryNode) => node.core.status().peers;

describe('a peer that floods the node with frames', () => {
  let node: MemoryNode;

  beforeEach(async () => {
    node = await startMemoryNode({ frameBudgetPerSecond: BUDGET_PER_SECOND });
  });

  afterEach(async () => {
    await node.stop();
  });

  it('is sent Disconnect(Useless peer) once it passes its burst, and nothing after that is answered', async () => {
    const flooder = node.connect();
    const bystander = node.connect();
    flooder.hello();
    bystander.hello();
    await node.settle();
    flooder.sendBytes(repeated({ command: 'Ping' }, BURST * 3));
    await node.settle();
    expect(flooder.disconnectReasons()).toEqual([DisconnectReason.UselessPeer]);
    // Hello spent one unit of the burst; every Ping after the budget ran out went unanswered.
    expect(flooder.received('Pong').length).toBe(BURST - 1);
    await node.advance(2000);
    expect(flooder.closed).toBeDefined();
    // The bystander is still served.
    bystander.send({ command: 'Ping' });
    await node.settle();
    expect(bystander.received('Pong')).toHaveLength(1);
    expect(peersOf(node).map((p) => p.state)).toEqual(['active']);
  });

  it('keeps a peer that stays within its budget, however long it goes on', async () => {
    const busy = node.connect();
    busy.hello();
    await node.settle();
    // 90 % of the refill rate, for 60 simulated seconds.
    for (let second = 0; second < 60; second++) {
      busy.sendBytes(repeated({ command: 'Ping' }, (BUDGET_PER_SECOND * 9) / 10));
      await node.advance(1000);
    }
    expect(busy.disconnectReasons()).toEqual([]);
    expect(busy.received('Pong').length).toBe(60 * ((BUDGET_PER_SECOND * 9) / 10));
    expect(peersOf(node).map((p) => p.state)).toEqual(['active']);
  });

  it('refuses a Transactions frame bigger than the whole burst before checking a single signature', async () => {
    const flooder = node.connect();
    flooder.hello();
    await node.settle();
    // Signatures that would fail validation (r = s = 1 is no point on the curve's order): had one been
    // checked, the answer would be Bad protocol. Useless peer shows the frame was refused by its cost alone.
    const junk = { nonce: 0n, to: new Uint8Array(20), value: 0n, data: [], v: 27n, r: 1n, s: 1n };
    flooder.send({ command: 'Transactions', transactions: Array.from({ length: BURST + 1 }, () => junk) });
    await node.settle();
    expect(flooder.disconnectReasons()).toEqual([DisconnectReason.UselessPeer]);
    expect(node.core.pool.size).toBe(0);
  });
});

describe('a peer that asks for the whole transaction queue again and again', () => {
  it('gets it as often as its budget pays for, then Disconnect(Useless peer)', async () => {
    const node = await startMemoryNode();
    const asker = node.connect();
    asker.hello();
    await node.settle();
    for (let i = 0; i < 20; i++) asker.send({ command: 'GetTransactions' });
    await node.settle();
    // Hello took one unit of the default burst; each answer (an empty queue here) costs a second's refill.
    const burst = frameBudgetCapacity(DEFAULT_FRAME_BUDGET_PER_SECOND);
    expect(asker.received('Transactions')).toHaveLength(Math.floor((burst - 1) / GET_TRANSACTIONS_COST));
    expect(asker.disconnectReasons()).toEqual([DisconnectReason.UselessPeer]);
    await node.stop();
  });
});

describe('a peer that never reads', () => {
  it('is dropped when what the node wrote to it passes the write bound, and the node stays up', async () => {
    const node = await startMemoryNode();
    const blocks = loadChain().blocks.map((b) => blockFromRlp(decodeRlp(b.rlp)));
    const feeder = node.connect();
    feeder.hello();
    feeder.send({ command: 'Blocks', blocks: [...blocks].reverse() });
    await node.settle();
    expect(node.core.chain.head.height).toBe(11);

    const BOUND = 128 * 1024;
    // It never reads: the memory transport counts what the node wrote against the bound until it is read.
    const sink = node.connect({ maxPendingBytes: BOUND, reading: false });
    sink.hello();
    // Each GetChain [genesis, 32] is answered with the 11 blocks (~2.3 KiB): 100 of them are ~230 KiB.
    const genesis = loadChain().genesis.hash;
    for (let i = 0; i < 100; i++) sink.send({ command: 'GetChain', parents: [genesis], count: 32 });
    await node.settle();
    expect(peersOf(node).map((p) => p.remote)).toEqual([feeder.remote]);
    feeder.send({ command: 'Ping' });
    await node.settle();
    expect(feeder.received('Pong')).toHaveLength(1);
    await node.stop();
  });
});
