import { blockHash, toHex } from '../../../chain';
import type { HeadStatus } from '../../../actors/nodeStatus';
import type { Block } from '../../../wire';
import { TestNetwork } from '../../helpers/testNetwork';
import type { TestNode } from '../../helpers/testNetwork';
import { devGenesis, line } from '../../unit/chain/chainFixtures';

/*
 * A fork on a difficulty-1 genesis (every block weighs 1, so total difficulty = height + 1): P mined a
 * branch of 2, Q one of 3. R meets P first, then Q. The heavier branch wins everywhere (BlockChain::import),
 * and the nodes that followed the lighter one reorganise.
 */
describe('a fork between nodes', () => {
  const genesis = devGenesis();
  const a = line(genesis.block, 2, 'a');
  const b = line(genesis.block, 3, 'b');
  const headOf = (blocks: readonly Block[]): HeadStatus => ({
    hash: toHex(blockHash(blocks.at(-1)!)),
    height: blocks.length,
    totalDifficulty: String(blocks.length + 1),
  });
  const head = (n: TestNode): HeadStatus => n.core.status().head;
  const bestChain = (n: TestNode): string[] => {
    const answer = n.core.chain.answerGetChain([genesis.hash], 32);
    return answer.kind === 'blocks' ? answer.blocks.map((x) => toHex(blockHash(x))) : [];
  };

  it('ends with the heavier branch on every node, reorganising those on the lighter one', async () => {
    const net = new TestNetwork();
    const p = await net.addNode({ label: 'p', genesis });
    const q = await net.addNode({ label: 'q', genesis });
    const r = await net.addNode({ label: 'r', genesis });
    await p.core.chain.importBlocks([...a].reverse(), 'miner');
    await q.core.chain.importBlocks([...b].reverse(), 'miner');

    net.link(r, p);
    await net.settle();
    expect(head(r)).toEqual(headOf(a));
    expect(head(p)).toEqual(headOf(a));

    net.link(r, q);
    await net.settle();

    for (const n of [p, q, r]) {
      expect(head(n)).toEqual(headOf(b));
      expect(bestChain(n)).toEqual([...b].reverse().map((x) => toHex(blockHash(x))));
      expect(n.core.status().orphans).toBe(0);
    }
    // P and R moved their head from the tip of branch a to the tip of branch b; branch a stays as a side chain.
    for (const n of [p, r]) {
      for (const x of a) expect(n.core.chain.hasBlock(blockHash(x))).toBe(true);
    }
    // Nobody was dropped over the fork.
    for (const n of [p, q, r]) expect(n.core.status().peers.every((x) => x.state === 'active')).toBe(true);
    await net.stopAll();
  });

  it('reorganises when the lighter branch overtakes later, seen in status().head', async () => {
    const net = new TestNetwork();
    const p = await net.addNode({ label: 'p', genesis });
    const q = await net.addNode({ label: 'q', genesis });
    await q.core.chain.importBlocks([...b].reverse(), 'miner');
    net.link(p, q);
    await net.settle();
    expect(head(p)).toEqual(headOf(b));

    // Branch a grows to 4 blocks and reaches P from a miner of its own, newest first.
    const longer = [...a, ...line(a.at(-1)!, 2, 'a+')];
    const miner = net.connectClient(p, { label: 'miner' });
    miner.hello();
    await net.settle();
    expect(head(q)).toEqual(headOf(b));
    miner.send({ command: 'Blocks', blocks: [...longer].reverse() });
    await net.settle();

    expect(head(p)).toEqual(headOf(longer));
    expect(head(q)).toEqual(headOf(longer));
    expect(bestChain(q)).toEqual([...longer].reverse().map((x) => toHex(blockHash(x))));
    expect(miner.disconnectReasons()).toEqual([]);
    // Q had only branch b: the relayed head was an orphan, and Q filled the gap from its own chain.
    for (const x of b) expect(q.core.chain.hasBlock(blockHash(x))).toBe(true);
    expect(q.core.status().orphans).toBe(0);
    await net.stopAll();
  });
});
