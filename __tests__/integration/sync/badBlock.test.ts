import { POC3_GENESIS_HASH_HEX, blockHash, meetsProofOfWork, toHex } from '../../../chain';
import { MemoryStore } from '../../../store/memoryStore';
import { StoreKey } from '../../../store/store';
import type { Block } from '../../../wire';
import { DisconnectReason } from '../../../wire';
import { TestNetwork } from '../../helpers/testNetwork';
import { realChain } from '../../unit/chain/chainFixtures';

/* A block that fails proof of work (CONTRACT.md §3): its sender is dropped with Bad protocol, nothing is kept. */
describe('a peer sending a block with a bad nonce', () => {
  const real = realChain().blocks[0]!;
  const nonce = real.block.header.nonce.slice();
  nonce[31] = nonce[31]! ^ 0x01;
  const forged: Block = { ...real.block, header: { ...real.block.header, nonce } };

  it('is disconnected with Bad protocol, and the block is neither stored nor relayed', async () => {
    expect(meetsProofOfWork(forged.header)).toBe(false);
    const net = new TestNetwork();
    const store = new MemoryStore();
    const node = await net.addNode({ store });
    const forger = net.connectClient(node, { label: 'forger' });
    const bystander = net.connectClient(node, { label: 'bystander' });
    forger.hello();
    bystander.hello();
    await net.settle();

    forger.send({ command: 'Blocks', blocks: [forged] });
    await net.settle();

    expect(forger.disconnectReasons()).toEqual([DisconnectReason.BadProtocol]);
    expect(forger.closed).toBeDefined();
    expect(node.core.chain.hasBlock(blockHash(forged))).toBe(false);
    expect(node.core.status().head).toMatchObject({ hash: POC3_GENESIS_HASH_HEX, height: 0 });
    expect(node.core.status().orphans).toBe(0);
    expect(bystander.received('Blocks')).toEqual([]);
    expect(bystander.disconnectReasons()).toEqual([]);

    // The real block 1 (same header, its own nonce) is still welcome from another peer.
    bystander.send({ command: 'Blocks', blocks: [real.block] });
    await net.settle();
    expect(node.core.status().head).toMatchObject({ hash: toHex(real.hash), height: 1 });
    await net.stopAll();
    expect((await store.entries(StoreKey.blockPrefix)).map(([key]) => key)).toEqual([
      StoreKey.block(toHex(real.hash)),
    ]);
  });
});
