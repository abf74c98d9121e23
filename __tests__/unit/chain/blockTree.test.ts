import fc from 'fast-check';
import type { Block } from '../../../wire';
import { BlockTree, ChainErrorCode, POC3_GENESIS, blockHash, transactionsRoot } from '../../../chain';
import { hex, realChain } from './chainFixtures';

const real = realChain();
const blocks = real.blocks;
const PEER = 'peer-1';

function treeWith(count: number): BlockTree {
  const tree = new BlockTree(POC3_GENESIS);
  for (const b of blocks.slice(0, count)) expect(tree.importBlock(b.block, PEER).status).toBe('linked');
  return tree;
}

describe('BlockTree on the chain cpp-ethereum v0.3.11 mined', () => {
  it('links the 11 blocks into height 11 with the real hashes and total difficulties at every step', () => {
    const tree = new BlockTree(POC3_GENESIS);
    expect(tree.head.totalDifficulty).toBe(1n << 22n);
    for (const b of blocks) {
      const outcome = tree.importBlock(b.block, PEER);
      expect(outcome.status).toBe('linked');
      expect(tree.head.hashHex).toBe(hex(b.hash));
      expect(tree.head.height).toBe(b.height);
      expect(tree.head.totalDifficulty).toBe(b.totalDifficulty);
    }
    expect(tree.head.totalDifficulty).toBe(50512288n);
    expect(tree.size).toBe(12);
    expect(tree.orphanCount).toBe(0);
    for (const b of blocks) expect(tree.bestAt(b.height)?.hashHex).toBe(hex(b.hash));
  });

  it('ends at the same head when the blocks come newest first, as the Blocks messages carry them', () => {
    const tree = new BlockTree(POC3_GENESIS);
    const statuses = [...blocks].reverse().map((b) => tree.importBlock(b.block, PEER).status);
    expect(statuses).toEqual([...Array<string>(10).fill('orphaned'), 'linked']);
    expect(tree.head.hashHex).toBe(hex(blocks[10]!.hash));
    expect(tree.orphanCount).toBe(0);
  });

  it('ends at the same head whatever the order, one block at a time', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(blocks, { minLength: blocks.length }), (order) => {
        const tree = new BlockTree(POC3_GENESIS);
        for (const b of order) tree.importBlock(b.block, PEER);
        expect(tree.head.hashHex).toBe(hex(blocks[10]!.hash));
        expect(tree.head.totalDifficulty).toBe(blocks[10]!.totalDifficulty);
        expect(tree.size).toBe(12);
        expect(tree.orphanCount).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('reports a block it already has as known, and leaves the head alone', () => {
    const tree = treeWith(11);
    expect(tree.importBlock(blocks[3]!.block, PEER).status).toBe('known');
    expect(tree.importBlock(POC3_GENESIS.block, PEER).status).toBe('known');
    expect(tree.head.height).toBe(11);
  });

  describe('rejects a mutated block with the right code and never stores it', () => {
    type Mutation = (b: Block, parent: Block) => Block;
    const withHeader = (b: Block, change: Partial<Block['header']>): Block => ({
      ...b,
      header: { ...b.header, ...change },
    });
    const mutations: Array<[string, number, string, Mutation]> = [
      [
        'one nonce byte',
        3,
        ChainErrorCode.BadPow,
        (b) => {
          const nonce = b.header.nonce.slice();
          nonce[31] = nonce[31]! ^ 0xff;
          return withHeader(b, { nonce });
        },
      ],
      [
        'its difficulty',
        6,
        ChainErrorCode.BadDifficulty,
        (b) => withHeader(b, { difficulty: b.header.difficulty + 1n }),
      ],
      [
        'a timestamp before its parent',
        8,
        ChainErrorCode.TimestampBeforeParent,
        (b, p) => withHeader(b, { timestamp: p.header.timestamp - 1n }),
      ],
      [
        'its transaction list (one dropped)',
        5,
        ChainErrorCode.BadTxRoot,
        (b) => ({ ...b, transactions: [] }),
      ],
      [
        'its transaction list (one added)',
        6,
        ChainErrorCode.BadTxRoot,
        (b) => ({ ...b, transactions: blocks[4]!.block.transactions }),
      ],
      ['its uncle list', 9, ChainErrorCode.BadUnclesRoot, (b, p) => ({ ...b, uncles: [p.header] })],
    ];

    it.each(mutations)('%s (block %i) → %s', (_what, height, code, mutate) => {
      const tree = treeWith(height - 1);
      const original = blocks[height - 1]!.block;
      const parent = height === 1 ? POC3_GENESIS.block : blocks[height - 2]!.block;
      const bad = mutate(original, parent);
      const outcome = tree.importBlock(bad, PEER);
      expect(outcome.status).toBe('invalid');
      expect(outcome.rejected.map((r) => [r.error.code, r.fromPeer])).toEqual([[code, PEER]]);
      expect(tree.get(hex(blockHash(bad)))).toBeUndefined();
      expect(tree.hasOrphan(hex(blockHash(bad)))).toBe(false);
      expect(tree.head.height).toBe(height - 1);
      // The real block is still welcome: only the mutated one is refused.
      expect(tree.importBlock(original, PEER).status).toBe('linked');
    });

    it('refuses a mutated block whose parent is unknown on its own merits, without pooling it', () => {
      const tree = new BlockTree(POC3_GENESIS);
      const b = blocks[6]!.block;
      const moved = { ...b, header: { ...b.header, difficulty: b.header.difficulty + 1n } };
      const outcome = tree.importBlock(moved, PEER);
      // Without the parent the difficulty rule cannot be applied, but the work no longer meets the target.
      expect(outcome.rejected.map((r) => r.error.code)).toEqual([ChainErrorCode.BadPow]);
      expect(tree.orphanCount).toBe(0);
    });

    it('refuses a block whose sha3Transactions was made to match a changed list (the work then fails)', () => {
      const tree = treeWith(4);
      const b = blocks[4]!.block;
      const header = { ...b.header, sha3Transactions: transactionsRoot([]) };
      expect(tree.importBlock({ ...b, header, transactions: [] }, PEER).rejected[0]?.error.code).toBe(
        ChainErrorCode.BadPow,
      );
    });
  });
});
