import type { Block } from '../../../wire';
import { BlockTree, ChainErrorCode, blockHash, encodeBlock } from '../../../chain';
import { child, devGenesis, hex, line, signedTransaction } from './chainFixtures';

const genesis = devGenesis();
const g = genesis.block;
const h = (b: Block): string => hex(blockHash(b));

function importAll(tree: BlockTree, blocks: readonly Block[], peer = 'p'): void {
  for (const b of blocks) tree.importBlock(b, peer);
}

function bestChain(tree: BlockTree): string[] {
  const out: string[] = [];
  for (let i = 0; i <= tree.head.height; i++) out.push(tree.bestAt(i)!.hashHex);
  return out;
}

describe('BlockTree forks on a difficulty-1 genesis', () => {
  const a = line(g, 3, 'a'); // heights 1..3
  const b = line(a[0]!, 3, 'b'); // heights 2..4, forking after a1

  it('counts total difficulty from the genesis: height + 1 at difficulty 1', () => {
    const tree = new BlockTree(genesis);
    importAll(tree, a);
    expect(tree.head.hashHex).toBe(h(a[2]!));
    expect(tree.head.totalDifficulty).toBe(4n);
  });

  it('keeps the current head when a side chain only ties it', () => {
    const tree = new BlockTree(genesis);
    importAll(tree, a);
    importAll(tree, b.slice(0, 2)); // b at height 3: total difficulty 4, equal to a's
    expect(tree.head.hashHex).toBe(h(a[2]!));
    expect(tree.isOnBestChain(tree.get(h(b[1]!))!)).toBe(false);
  });

  it('reorganises onto the heavier branch, then back when the first overtakes again', () => {
    const tree = new BlockTree(genesis);
    importAll(tree, a);
    importAll(tree, b);
    expect(tree.head.hashHex).toBe(h(b[2]!));
    expect(bestChain(tree)).toEqual([genesis.hashHex, h(a[0]!), h(b[0]!), h(b[1]!), h(b[2]!)]);
    expect(tree.isOnBestChain(tree.get(h(a[1]!))!)).toBe(false);

    const aMore = line(a[2]!, 2, 'a+'); // a reaches height 5
    importAll(tree, aMore);
    expect(tree.head.hashHex).toBe(h(aMore[1]!));
    expect(bestChain(tree)).toEqual([genesis.hashHex, ...[...a, ...aMore].map(h)]);
    expect(tree.isOnBestChain(tree.get(h(b[2]!))!)).toBe(false);
    expect(tree.size).toBe(1 + 3 + 3 + 2);
  });

  it('links an orphan when its parent arrives, and reports the missing parent meanwhile', () => {
    const tree = new BlockTree(genesis);
    const [a1, a2, a3] = a as [Block, Block, Block];
    expect(tree.importBlock(a3, 'p').status).toBe('orphaned');
    expect(tree.importBlock(a2, 'p').status).toBe('orphaned');
    expect(tree.orphanCount).toBe(2);
    // a3 waits on a2, itself waiting: the hash to obtain is a1's.
    expect(tree.missingAncestor(h(a3))).toBe(h(a1));
    const outcome = tree.importBlock(a1, 'p');
    expect(outcome.status).toBe('linked');
    expect(outcome.linked.map((e) => e.hashHex)).toEqual([h(a1), h(a2), h(a3)]);
    expect(tree.orphanCount).toBe(0);
    expect(tree.head.hashHex).toBe(h(a3));
  });

  it('links orphans of two branches waiting on the same parent', () => {
    const tree = new BlockTree(genesis);
    importAll(tree, [...b].reverse());
    importAll(tree, [a[2]!, a[1]!]);
    expect(tree.orphanCount).toBe(5);
    const outcome = tree.importBlock(a[0]!, 'p');
    expect(outcome.linked).toHaveLength(6);
    expect(tree.head.hashHex).toBe(h(b[2]!));
  });

  it('keeps at most maxOrphans, evicting the oldest', () => {
    const tree = new BlockTree(genesis, { maxOrphans: 256 });
    // 300 blocks, each on a different unknown parent (children of blocks the tree never sees).
    const parents = line(g, 300, 'x');
    const orphans = parents.map((p, i) => child(p, { tag: `o${i}` }));
    importAll(tree, orphans);
    expect(tree.orphanCount).toBe(256);
    expect(tree.hasOrphan(h(orphans[0]!))).toBe(false);
    expect(tree.hasOrphan(h(orphans[43]!))).toBe(false);
    expect(tree.hasOrphan(h(orphans[44]!))).toBe(true);
    expect(tree.hasOrphan(h(orphans[299]!))).toBe(true);
  });

  it('keeps orphans within their byte bound too, evicting the oldest', () => {
    const tree = new BlockTree(genesis, { maxOrphanBytes: 2000 });
    const orphans = line(g, 30, 'y').map((p, i) => child(p, { tag: `o${i}` }));
    importAll(tree, orphans);
    const kept = orphans.filter((o) => tree.hasOrphan(h(o)));
    const size = (blks: Block[]): number => blks.reduce((n, blk) => n + encodeBlock(blk).length, 0);
    expect(kept).toEqual(orphans.slice(orphans.length - kept.length));
    expect(size(kept)).toBeLessThanOrEqual(2000);
    expect(size(orphans.slice(orphans.length - kept.length - 1))).toBeGreaterThan(2000);
  });

  it('rejects an orphan that fails against its parent once it arrives, blaming the peer that sent it, and its descendants', () => {
    const tree = new BlockTree(genesis);
    const p1 = child(g, { tag: 'p1', after: 100n });
    const early = child(p1, { tag: 'early', after: -1n }); // a second before its parent
    const after = child(early, { tag: 'after' });
    expect(tree.importBlock(after, 'mallory').status).toBe('orphaned');
    expect(tree.importBlock(early, 'mallory').status).toBe('orphaned');
    const outcome = tree.importBlock(p1, 'alice');
    expect(outcome.status).toBe('linked');
    expect(outcome.rejected.map((r) => [r.hashHex, r.fromPeer, r.error.code])).toEqual([
      [h(early), 'mallory', ChainErrorCode.TimestampBeforeParent],
      [h(after), 'mallory', ChainErrorCode.InvalidAncestor],
    ]);
    expect(tree.orphanCount).toBe(0);
    expect(tree.head.hashHex).toBe(h(p1));
    // Anything built on the rejected block later is refused at once.
    const late = child(after, { tag: 'late' });
    expect(tree.importBlock(late, 'bob').rejected[0]?.error.code).toBe(ChainErrorCode.InvalidAncestor);
  });

  it('rejects a block with a wrongly signed transaction, and one with a malformed v', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
    const tx = signedTransaction(key, { nonce: 0n, to: new Uint8Array(20).fill(1), value: 5n, data: [1n] });
    const tree = new BlockTree(genesis);
    expect(tree.importBlock(child(g, { transactions: [tx] }), 'p').status).toBe('linked');
    const noPoint = { ...tx, r: 5n }; // x = 5 has no point on secp256k1
    const badSig = child(g, { tag: 's', transactions: [noPoint] });
    expect(tree.importBlock(badSig, 'p').rejected[0]?.error.code).toBe(ChainErrorCode.BadSignature);
    const badV = child(g, { tag: 'v', transactions: [{ ...tx, v: 29n }] });
    expect(tree.importBlock(badV, 'p').rejected[0]?.error.code).toBe(ChainErrorCode.BadTxShape);
    expect(tree.size).toBe(2);
  });

  it('refuses blocks beyond its table bound with CHAIN_TABLE_FULL, not as an invalid block', () => {
    const tree = new BlockTree(genesis, { maxBlocks: 4 });
    const blocks = line(g, 5, 'f');
    const statuses = blocks.map((blk) => tree.importBlock(blk, 'p'));
    expect(statuses.map((s) => s.status)).toEqual(['linked', 'linked', 'linked', 'refused', 'orphaned']);
    expect(statuses[3]!.refused?.code).toBe(ChainErrorCode.TableFull);
    expect(statuses[3]!.rejected).toEqual([]);
    expect(tree.size).toBe(4);
    expect(tree.head.height).toBe(3);
  });
});
