import { POC3_GENESIS, blockHash, toHex } from '../../../chain';
import { LevelStore } from '../../../store/levelStore';
import { TestNetwork } from '../../helpers/testNetwork';
import { tempDirPerTest } from '../../helpers/tempDir';
import { realChain } from '../../unit/chain/chainFixtures';

/* A node synced over the wire, stopped, and opened again through openNodeCore on the same LevelDB. */
describe('the chain of a node restarted on LevelDB', () => {
  const { blocks } = realChain();
  const tip = blocks[10]!;
  const tempDir = tempDirPerTest('pocnode-sync-restart-');

  it('comes back with its blocks, head and total difficulty, and serves them', async () => {
    const first = new TestNetwork();
    const store = await LevelStore.open(tempDir());
    const node = await first.addNode({ label: 'n', store });
    const peer = first.connectClient(node, { label: 'cpp' });
    peer.hello();
    await first.settle();
    // The whole chain in one Blocks message, newest first, as cpp-ethereum answered GetChain.
    peer.send({ command: 'Blocks', blocks: [...blocks].reverse().map((b) => b.block) });
    await first.settle();
    const expectedHead = {
      hash: toHex(tip.hash),
      height: 11,
      totalDifficulty: tip.totalDifficulty.toString(),
    };
    expect(node.core.status().head).toEqual(expectedHead);
    await first.stopAll();
    await store.close();

    const second = new TestNetwork();
    const reopened = await LevelStore.open(tempDir());
    try {
      const again = await second.addNode({ label: 'n', store: reopened });
      expect(again.core.status().head).toEqual(expectedHead);
      expect(again.core.chain.loadReport).toEqual({ restored: 11, unlinked: 0 });
      for (const b of blocks) expect(again.core.chain.getBlock(b.hash)).toEqual(b.block);

      const asker = second.connectClient(again, { label: 'asker' });
      asker.hello();
      asker.send({ command: 'GetChain', parents: [POC3_GENESIS.hash], count: 32 });
      await second.settle();
      expect(asker.received('Blocks').map((m) => m.blocks.map((b) => toHex(blockHash(b))))).toEqual([
        [...blocks].reverse().map((b) => toHex(b.hash)),
      ]);
      // Its own request after the handshake starts from the restored head.
      expect(asker.received('GetChain')[0]?.parents[0]).toEqual(tip.hash);
      await second.stopAll();
    } finally {
      await reopened.close();
    }
  });
});
