import * as validation from '../../chain/validateTransaction';
import { blockFromRlp, decodeRlp } from '../../wire';
import { loadChain } from '../helpers/vectors';
import { startMemoryNode } from './helpers/memoryNode';

// Counts signature checks while keeping the real check (the chain manager reaches it through chain/index.ts).
jest.mock('../../chain/validateTransaction', () => {
  const actual = jest.requireActual<typeof validation>('../../chain/validateTransaction');
  return { ...actual, validateTransaction: jest.fn(actual.validateTransaction) };
});
const checks = validation.validateTransaction as jest.Mock;

describe('a peer that repeats one signed transaction', () => {
  it('costs one signature check, however often it is repeated in a message or across messages', async () => {
    const node = await startMemoryNode();
    // Block 5 of the real chain holds the one transaction cpp-ethereum v0.3.11 signed.
    const tx = blockFromRlp(decodeRlp(loadChain().blocks[4]!.rlp)).transactions[0]!;
    const peer = node.connect();
    const other = node.connect();
    peer.hello();
    other.hello();
    await node.settle();
    checks.mockClear();
    peer.send({ command: 'Transactions', transactions: Array.from({ length: 2000 }, () => tx) });
    await node.settle();
    peer.send({ command: 'Transactions', transactions: Array.from({ length: 2000 }, () => tx) });
    await node.settle();
    expect(checks).toHaveBeenCalledTimes(1);
    expect(node.core.pool.size).toBe(1);
    // Pooled and relayed once to the other peer, never back to its sender; nobody was dropped.
    expect(other.received('Transactions').filter((m) => m.transactions.length > 0)).toHaveLength(1);
    expect(peer.received('Transactions').filter((m) => m.transactions.length > 0)).toHaveLength(0);
    expect(node.core.status().peers.map((p) => p.state)).toEqual(['active', 'active']);
    await node.stop();
  });
});
