import { toHex, transactionHash } from '../../../chain';
import { LevelStore } from '../../../store/levelStore';
import { TEST_LISTEN_PORT, TestNetwork } from '../../helpers/testNetwork';
import { tempDirPerTest } from '../../helpers/tempDir';
import { realChain } from '../../unit/chain/chainFixtures';

/* A node core on a real LevelDB directory, stopped and opened again: what it learned comes back. */
describe('a node core restarted on LevelDB', () => {
  const tempDir = tempDirPerTest('pocnode-node-restart-');

  it('brings back its known peers and its transaction pool, and serves the pool again', async () => {
    const tx = realChain().blocks[4]!.block.transactions[0]!;
    const txHashHex = toHex(transactionHash(tx));

    const first = new TestNetwork();
    const store = await LevelStore.open(tempDir());
    const node = await first.addNode({ label: 'restarting', store });
    const neighbour = await first.addNode({ label: 'neighbour' });
    const faraway = await first.addNode({ label: 'faraway' });
    first.link(faraway, neighbour);
    await first.settle();
    // Connected to `neighbour`, hears of `faraway` from its Peers answer.
    first.link(node, neighbour);
    const client = first.connectClient(node, { label: 'wallet' });
    client.hello();
    await first.settle();
    client.send({ command: 'Transactions', transactions: [tx] });
    await first.settle();
    const known = node.core.registry.all().map((p) => [p.nodeIdHex, p.ip, p.port]);
    expect(known).toEqual(
      expect.arrayContaining([
        [toHex(neighbour.nodeId), neighbour.ip, TEST_LISTEN_PORT],
        [toHex(faraway.nodeId), faraway.ip, TEST_LISTEN_PORT],
      ]),
    );
    expect(known).toHaveLength(2);
    expect(node.core.pool.has(txHashHex)).toBe(true);
    await first.stopAll();
    await store.close();

    const second = new TestNetwork();
    const reopened = await LevelStore.open(tempDir());
    try {
      const again = await second.addNode({ label: 'restarting', store: reopened });
      expect(again.core.registry.all().map((p) => [p.nodeIdHex, p.ip, p.port])).toEqual(
        expect.arrayContaining(known),
      );
      expect(again.core.status()).toMatchObject({ knownPeers: 2, txPool: 1 });
      expect(again.core.pool.has(txHashHex)).toBe(true);

      const asker = second.connectClient(again, { label: 'asker' });
      asker.hello();
      asker.send({ command: 'GetTransactions' });
      await second.settle();
      expect(
        asker.received('Transactions').map((m) => m.transactions.map((t) => toHex(transactionHash(t)))),
      ).toEqual([[txHashHex]]);
      await second.stopAll();
    } finally {
      await reopened.close();
    }
  });
});
