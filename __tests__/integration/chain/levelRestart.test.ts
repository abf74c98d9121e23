import { LevelStore } from '../../../store/levelStore';
import type { Block } from '../../../wire';
import { ChainManager, POC3_GENESIS, blockHash } from '../../../chain';
import { tempDirPerTest } from '../../helpers/tempDir';
import { child, devGenesis, hex, line, realChain } from '../../unit/chain/chainFixtures';

/* A restart on a real LevelDB directory: what one run imported, the next run finds. */
describe('the chain on a LevelDB store across a restart', () => {
  const tempDir = tempDirPerTest('pocnode-chain-');

  it('brings back the real chain: blocks, head, height and total difficulty', async () => {
    const { blocks } = realChain();
    const first = await LevelStore.open(tempDir());
    const before = await ChainManager.open(first);
    await before.importBlocks(blocks.map((b) => b.block).reverse(), 'cpp');
    const head = before.head;
    await first.close();

    const second = await LevelStore.open(tempDir());
    try {
      const after = await ChainManager.open(second);
      expect(after.loadReport).toEqual({ restored: 11, unlinked: 0 });
      expect(after.head).toEqual(head);
      expect(after.head.totalDifficulty).toBe(50512288n);
      for (const b of blocks) expect(after.getBlock(b.hash)).toEqual(b.block);
      const answer = after.answerGetChain([POC3_GENESIS.hash], 32);
      expect(answer.kind === 'blocks' && answer.blocks.map((b) => hex(blockHash(b)))).toEqual(
        [...blocks].reverse().map((b) => hex(b.hash)),
      );
    } finally {
      await second.close();
    }
  });

  it('brings back the head after a reorganisation, with the side chain kept', async () => {
    const genesis = devGenesis();
    const a = line(genesis.block, 2, 'a');
    const b = line(genesis.block, 2, 'b');
    const first = await LevelStore.open(tempDir());
    const before = await ChainManager.open(first, { genesis });
    await before.importBlocks([...a].reverse(), 'p');
    const reorg = await before.importBlocks([child(b[1]!, { tag: 'b+' }), b[1]!, b[0]!], 'p');
    expect(reorg.newHead).toBeDefined();
    const head = before.head;
    await first.close();

    const second = await LevelStore.open(tempDir());
    try {
      const after = await ChainManager.open(second, { genesis });
      expect(after.head).toEqual(head);
      expect(after.head.height).toBe(3);
      expect(after.blockCount).toBe(6);
      expect(a.every((blk: Block) => after.hasBlock(blockHash(blk)))).toBe(true);
    } finally {
      await second.close();
    }
  });
});
