import { MemoryStore } from '../../../store/memoryStore';
import type { StoreOperation } from '../../../store/store';
import { StoreKey } from '../../../store/store';
import type { Block } from '../../../wire';
import { ChainErrorCode, ChainManager, POC3_GENESIS, blockHash, isChainError } from '../../../chain';
import { child, devGenesis, hex, line, realChain } from './chainFixtures';

const { blocks } = realChain();
const newestFirst = (bs: readonly { block: Block }[]): Block[] => bs.map((b) => b.block).reverse();

/** A MemoryStore that records each batch, to check one write per import. */
class RecordingStore extends MemoryStore {
  readonly batches: StoreOperation[][] = [];
  override write(operations: readonly StoreOperation[]): Promise<void> {
    this.batches.push([...operations]);
    return super.write(operations);
  }
}

describe('ChainManager.importBlocks', () => {
  it('imports a Blocks message (newest first) in parent order and asks for what follows its newest block', async () => {
    const chain = await ChainManager.open(new MemoryStore());
    const result = await chain.importBlocks(newestFirst(blocks.slice(0, 4)), 'cpp');
    expect(result.imported.map(hex)).toEqual(blocks.slice(0, 4).map((b) => hex(b.hash)));
    expect(result.newHead && hex(blockHash(result.newHead))).toBe(hex(blocks[3]!.hash));
    expect(result.missingParents).toEqual([]);
    expect(result.invalid).toBeUndefined();
    expect(result.followUp).toEqual({ command: 'GetChain', parents: [blocks[3]!.hash], count: 256 });
    expect(chain.head).toEqual({
      hash: blocks[3]!.hash,
      hashHex: hex(blocks[3]!.hash),
      height: 4,
      totalDifficulty: blocks[3]!.totalDifficulty,
    });
  });

  it('asks for nothing more, and reports no new head, when a message brings nothing new', async () => {
    const chain = await ChainManager.open(new MemoryStore());
    await chain.importBlocks(newestFirst(blocks.slice(0, 4)), 'cpp');
    const again = await chain.importBlocks(newestFirst(blocks.slice(0, 4)), 'cpp');
    expect(again.imported).toEqual([]);
    expect(again.newHead).toBeUndefined();
    expect(again.followUp).toBeUndefined();
    const empty = await chain.importBlocks([], 'cpp');
    expect(empty.followUp).toBeUndefined();
  });

  it('keeps blocks with an unknown parent as orphans, names the missing parent, and links them when it comes', async () => {
    const chain = await ChainManager.open(new MemoryStore());
    const later = await chain.importBlocks(newestFirst(blocks.slice(4)), 'cpp');
    expect(later.imported).toEqual([]);
    expect(later.missingParents.map(hex)).toEqual([hex(blocks[3]!.hash)]);
    expect(later.followUp?.parents.map(hex)).toEqual([hex(blocks[10]!.hash)]);
    expect(chain.orphanCount).toBe(7);
    expect(chain.head.height).toBe(0);

    const earlier = await chain.importBlocks(newestFirst(blocks.slice(0, 4)), 'cpp');
    expect(earlier.imported.map(hex)).toEqual(blocks.map((b) => hex(b.hash)));
    expect(earlier.newHead && hex(blockHash(earlier.newHead))).toBe(hex(blocks[10]!.hash));
    expect(chain.orphanCount).toBe(0);
    expect(chain.head.totalDifficulty).toBe(50512288n);
  });

  it('stops at the first invalid block, keeps what came before it, and does not ask for more', async () => {
    const store = new RecordingStore();
    const chain = await ChainManager.open(store);
    const b3 = blocks[2]!.block;
    const bad = { ...b3, header: { ...b3.header, difficulty: b3.header.difficulty + 1n } };
    const message = [blocks[3]!.block, bad, blocks[1]!.block, blocks[0]!.block];
    const result = await chain.importBlocks(message, 'mallory');
    expect(isChainError(result.invalid) && result.invalid.code).toBe(ChainErrorCode.BadDifficulty);
    expect(result.rejected.map((r) => [r.fromPeer, r.error.code])).toEqual([
      ['mallory', ChainErrorCode.BadDifficulty],
    ]);
    expect(result.imported.map(hex)).toEqual([hex(blocks[0]!.hash), hex(blocks[1]!.hash)]);
    expect(result.followUp).toBeUndefined();
    expect(chain.head.height).toBe(2);
    expect(chain.orphanCount).toBe(0);
    expect(chain.hasBlock(blockHash(bad))).toBe(false);
    expect(await store.get(StoreKey.block(hex(blockHash(bad))))).toBeUndefined();
    expect(await store.get(StoreKey.block(hex(blocks[3]!.hash)))).toBeUndefined();
  });

  it('writes each import as one batch: the linked blocks and the new head', async () => {
    const store = new RecordingStore();
    const chain = await ChainManager.open(store);
    await chain.importBlocks(newestFirst(blocks.slice(0, 3)), 'cpp');
    await chain.importBlocks(newestFirst(blocks.slice(0, 3)), 'cpp');
    expect(store.batches).toHaveLength(1);
    expect(store.batches[0]!.map((op) => op.key)).toEqual([
      ...blocks.slice(0, 3).map((b) => StoreKey.block(hex(b.hash))),
      StoreKey.head,
    ]);
  });

  it('gives every peer the same GetChain object while the head stays, and a new one once it moves', async () => {
    const chain = await ChainManager.open(new MemoryStore());
    const atGenesis = chain.chainRequest();
    expect(chain.chainRequest()).toBe(atGenesis);
    expect(atGenesis.parents.map(hex)).toEqual([hex(POC3_GENESIS.hash)]);
    await chain.importBlocks(newestFirst(blocks.slice(0, 2)), 'cpp');
    const moved = chain.chainRequest();
    expect(moved).not.toBe(atGenesis);
    expect(moved.parents.map(hex)).toEqual([blocks[1]!.hash, blocks[0]!.hash, POC3_GENESIS.hash].map(hex));
    expect(chain.chainRequest()).toBe(moved);
  });

  it('returns stored blocks by hash, as the relay needs them', async () => {
    const chain = await ChainManager.open(new MemoryStore());
    await chain.importBlocks(newestFirst(blocks.slice(0, 5)), 'cpp');
    expect(chain.getBlock(blocks[4]!.hash)).toEqual(blocks[4]!.block);
    expect(chain.getBlock(new Uint8Array(32))).toBeUndefined();
  });

  it('answers GetChain, builds its own request and handles NotInChain through the tree it holds', async () => {
    const chain = await ChainManager.open(new MemoryStore());
    await chain.importBlocks(newestFirst(blocks), 'cpp');
    expect(chain.chainRequest().parents).toHaveLength(12);
    const answer = chain.answerGetChain([blocks[8]!.hash], 256);
    expect(answer.kind === 'blocks' && answer.blocks.map((b) => hex(blockHash(b)))).toEqual([
      hex(blocks[10]!.hash),
      hex(blocks[9]!.hash),
    ]);
    expect(chain.onNotInChain(POC3_GENESIS.hash)).toEqual({ disconnect: 'WrongGenesisBlock' });
    expect(chain.onNotInChain(blocks[2]!.hash)).toEqual({
      getChain: {
        command: 'GetChain',
        parents: [blocks[1]!.hash, blocks[0]!.hash, POC3_GENESIS.hash],
        count: 256,
      },
    });
  });
});

describe('ChainManager restart', () => {
  it('brings back blocks, head and total difficulty from the store after a reopen', async () => {
    const store = new MemoryStore();
    const first = await ChainManager.open(store);
    await first.importBlocks(newestFirst(blocks), 'cpp');
    const before = first.head;
    await store.close();
    store.reopen();

    const second = await ChainManager.open(store);
    expect(second.loadReport).toEqual({ restored: 11, unlinked: 0 });
    expect(second.head).toEqual(before);
    expect(second.head.totalDifficulty).toBe(50512288n);
    expect(second.blockCount).toBe(12);
    for (const b of blocks) expect(second.getBlock(b.hash)).toEqual(b.block);
    const answer = second.answerGetChain([POC3_GENESIS.hash], 32);
    expect(answer.kind === 'blocks' && answer.blocks.length).toBe(11);
  });

  it('brings back side chains too, and the head that won a tie', async () => {
    const genesis = devGenesis();
    const store = new MemoryStore();
    const first = await ChainManager.open(store, { genesis });
    const a = line(genesis.block, 3, 'a');
    const b = line(genesis.block, 3, 'b');
    await first.importBlocks([...b].reverse(), 'p');
    await first.importBlocks([...a].reverse(), 'p');
    expect(first.head.hashHex).toBe(hex(blockHash(b[2]!)));

    const second = await ChainManager.open(store, { genesis });
    expect(second.head).toEqual(first.head);
    expect(second.blockCount).toBe(7);
    // a's tip ties b's: the restored head stays b, and one more block on a moves it.
    const more = await second.importBlocks([child(a[2]!, { tag: 'a+' })], 'p');
    expect(more.newHead).toBeDefined();
    expect(second.head.height).toBe(4);
  });

  it('leaves aside stored blocks of another genesis', async () => {
    const store = new MemoryStore();
    const dev = await ChainManager.open(store, { genesis: devGenesis() });
    await dev.importBlocks(line(devGenesis().block, 2, 'd').reverse(), 'p');
    const poc = await ChainManager.open(store);
    expect(poc.loadReport).toEqual({ restored: 0, unlinked: 2 });
    expect(poc.head.hashHex).toBe(POC3_GENESIS.hashHex);
  });

  it('refuses to start on a corrupt record with CHAIN_STORE_CORRUPT', async () => {
    const store = new MemoryStore();
    await store.write([{ type: 'put', key: StoreKey.block('00'.repeat(32)), value: Uint8Array.of(1, 2, 3) }]);
    await expect(ChainManager.open(store)).rejects.toMatchObject({ code: ChainErrorCode.StoreCorrupt });
  });
});
