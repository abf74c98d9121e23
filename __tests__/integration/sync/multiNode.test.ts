import { toHex } from '../../../chain';
import type { HeadStatus } from '../../../actors/nodeStatus';
import { TestNetwork } from '../../helpers/testNetwork';
import type { TestNode } from '../../helpers/testNetwork';
import { realChain } from '../../unit/chain/chainFixtures';

/*
 * Chain sync between node cores on the real chain mined by cpp-ethereum v0.3.11: X holds the blocks, Y
 * starts from the genesis, Z is connected to Y alone, so whatever reaches Z went through Y.
 */
describe('chain sync across three nodes', () => {
  const { blocks } = realChain();
  const headAt = (height: number): HeadStatus => {
    const b = blocks[height - 1]!;
    return { hash: toHex(b.hash), height, totalDifficulty: b.totalDifficulty.toString() };
  };
  const head = (n: TestNode): HeadStatus => n.core.status().head;

  it("Y and Z reach X's head through Y, and a new head X is given travels X → Y → Z", async () => {
    const net = new TestNetwork();
    const x = await net.addNode({ label: 'x' });
    const y = await net.addNode({ label: 'y' });
    const z = await net.addNode({ label: 'z' });
    const upTo10 = blocks.slice(0, 10).map((b) => b.block);
    const imported = await x.core.chain.importBlocks([...upTo10].reverse(), 'fixture');
    expect(imported.imported).toHaveLength(10);
    expect(head(x)).toEqual(headAt(10));

    net.link(z, y);
    await net.settle();
    expect(head(z).height).toBe(0);
    net.link(y, x);
    await net.settle();

    // Y asked X for the chain after the handshake; its new head was relayed to Z, which asked Y for the rest.
    expect(head(y)).toEqual(headAt(10));
    expect(head(z)).toEqual(headAt(10));
    expect(z.core.status().peers.map((p) => p.nodeId)).toEqual([toHex(y.nodeId)]);

    // Block 11 arrives at X from a peer of its own: X relays the new head, Y imports it and relays it on.
    const miner = net.connectClient(x, { label: 'miner' });
    miner.hello();
    await net.settle();
    miner.send({ command: 'Blocks', blocks: [blocks[10]!.block] });
    await net.settle();

    for (const n of [x, y, z]) {
      expect(head(n)).toEqual(headAt(11));
      expect(n.core.status().orphans).toBe(0);
    }
    // Never sent back to where it came from.
    expect(miner.received('Blocks').flatMap((m) => m.blocks)).toEqual([]);
    for (const n of [x, y, z]) {
      expect(n.core.status().peers.every((p) => p.state === 'active')).toBe(true);
    }
    await net.stopAll();
  });
});
