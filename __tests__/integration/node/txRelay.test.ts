import { ChainErrorCode, isChainError, toHex, transactionHash, validateTransaction } from '../../../chain';
import type { Transaction } from '../../../wire';
import { DisconnectReason } from '../../../wire';
import { TestNetwork } from '../../helpers/testNetwork';
import type { TestClient, TestNode } from '../../helpers/testNetwork';
import { loadSession } from '../../helpers/vectors';
import { realChain } from '../../unit/chain/chainFixtures';

/*
 * Transaction relay through a real node core (supervisor, peer machines, chain-manager actor, pool), with
 * the one real transaction cpp-ethereum v0.3.11 made: block 5's (chain.json), which it also sent alone in a
 * Transactions frame during the captured session (session.jsonl).
 */
const realTx: Transaction = realChain().blocks[4]!.block.transactions[0]!;
const realTxHashHex = toHex(transactionHash(realTx));
const realTxFrameHex = toHex(loadSession().find((f) => f.dir === 'in' && f.cmd === 'Transactions')!.frame);

const txFrames = (client: TestClient): string[] => client.framesOf('Transactions').map(toHex);

async function nodeWithClients(labels: readonly string[]) {
  const net = new TestNetwork();
  const node = await net.addNode();
  const clients = labels.map((label) => net.connectClient(node, { label }));
  for (const c of clients) c.hello();
  await net.settle();
  expect(node.core.status().peers.map((p) => p.state)).toEqual(labels.map(() => 'active'));
  return { net, node, clients };
}

const poolHashes = (node: TestNode): string[] => node.core.pool.all().map((tx) => toHex(transactionHash(tx)));

describe('transaction relay through the node core', () => {
  it('relays the real transaction once to each other active peer and never back to its sender', async () => {
    const { net, node, clients } = await nodeWithClients(['sender', 'b', 'c']);
    const [sender, b, c] = clients as [TestClient, TestClient, TestClient];

    sender.send({ command: 'Transactions', transactions: [realTx] });
    await net.settle();

    expect(poolHashes(node)).toEqual([realTxHashHex]);
    expect(node.core.status().txPool).toBe(1);
    // The relayed frame is byte for byte the one cpp-ethereum itself sent with this transaction.
    expect(txFrames(b)).toEqual([realTxFrameHex]);
    expect(txFrames(c)).toEqual([realTxFrameHex]);
    expect(txFrames(sender)).toEqual([]);
    await net.stopAll();
  });

  it('drops a duplicate: nothing is relayed twice, whoever sends it again', async () => {
    const { net, node, clients } = await nodeWithClients(['sender', 'b', 'c']);
    const [sender, b, c] = clients as [TestClient, TestClient, TestClient];
    sender.send({ command: 'Transactions', transactions: [realTx] });
    await net.settle();

    sender.send({ command: 'Transactions', transactions: [realTx] });
    b.send({ command: 'Transactions', transactions: [realTx] });
    c.send({ command: 'Transactions', transactions: [realTx, realTx] });
    await net.settle();

    expect(poolHashes(node)).toEqual([realTxHashHex]);
    expect(txFrames(sender)).toEqual([]);
    expect(txFrames(b)).toEqual([realTxFrameHex]);
    expect(txFrames(c)).toEqual([realTxFrameHex]);
    expect([sender, b, c].flatMap((x) => x.disconnectReasons())).toEqual([]);
    await net.stopAll();
  });

  it('answers GetTransactions with the pool, in the Transactions frame cpp-ethereum sent', async () => {
    const { net, node, clients } = await nodeWithClients(['sender']);
    const [sender] = clients as [TestClient];
    const late = net.connectClient(node, { label: 'late' });
    late.hello();
    late.send({ command: 'GetTransactions' });
    await net.settle();
    // The pool is empty: answered with an empty Transactions.
    expect(late.received('Transactions')).toEqual([{ command: 'Transactions', transactions: [] }]);

    sender.send({ command: 'Transactions', transactions: [realTx] });
    await net.settle();
    expect(txFrames(late).slice(1)).toEqual([realTxFrameHex]);

    late.send({ command: 'GetTransactions' });
    await net.settle();
    // The whole queue is sent again on request, as cpp-ethereum's GetTransactions did.
    expect(txFrames(late).slice(1)).toEqual([realTxFrameHex, realTxFrameHex]);
    await net.stopAll();
  });

  it('disconnects the sender of a badly signed transaction with Bad protocol, pooling and relaying nothing', async () => {
    // r = 5 is the x of no point on secp256k1 (5³ + 7 is not a square mod p): no key recovers from it.
    const forged: Transaction = { ...realTx, r: 5n };
    const refusal = catchError(() => validateTransaction(forged));
    expect(isChainError(refusal) && refusal.code).toBe(ChainErrorCode.BadSignature);

    const { net, node, clients } = await nodeWithClients(['forger', 'b']);
    const [forger, b] = clients as [TestClient, TestClient];
    forger.send({ command: 'Transactions', transactions: [forged] });
    await net.settle();

    expect(forger.disconnectReasons()).toEqual([DisconnectReason.BadProtocol]);
    expect(forger.closed).toBeDefined();
    expect(node.core.pool.size).toBe(0);
    expect(txFrames(b)).toEqual([]);
    expect(node.core.status().peers.map((p) => p.state)).toEqual(['active']);
    await net.stopAll();
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err: unknown) {
    return err;
  }
  return undefined;
}
