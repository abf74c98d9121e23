import type { Block, GetChainMessage, Message } from '../../../wire';
import { encodeMessageFrame } from '../../../wire';
import type { GetChainAnswer } from '../../../chain';
import {
  BlockTree,
  POC3_GENESIS,
  answerGetChain,
  blockHash,
  chainRequest,
  notInChainEffect,
} from '../../../chain';
import type { SessionMessage } from './chainFixtures';
import { child, devGenesis, hex, line, realChain, sessionMessages } from './chainFixtures';

const { blocks } = realChain();
const session = sessionMessages();

function realTree(height: number): BlockTree {
  const tree = new BlockTree(POC3_GENESIS);
  for (const b of blocks.slice(0, height)) tree.importBlock(b.block, 'cpp');
  return tree;
}

function frame(dir: 'in' | 'out', cmd: string, nth = 0): SessionMessage {
  const found = session.filter((m) => m.dir === dir && m.cmd === cmd)[nth];
  if (!found) throw new Error(`no ${dir} ${cmd} #${nth} in the session`);
  return found;
}

function asGetChain(m: Message): GetChainMessage {
  if (m.command !== 'GetChain') throw new Error(`expected GetChain, got ${m.command}`);
  return m;
}

function blocksOf(answer: GetChainAnswer): readonly Block[] {
  if (answer.kind !== 'blocks') throw new Error(`expected blocks, got ${answer.kind}`);
  return answer.blocks;
}

const hashes = (bs: readonly Block[]): string[] => bs.map((b) => hex(blockHash(b)));

describe('GetChain as cpp-ethereum v0.3.11 did it, checked against its own frames', () => {
  it('asks after the handshake exactly as the real client did with 4 blocks: [head … genesis, 256]', () => {
    const real = frame('in', 'GetChain');
    const ours = chainRequest(realTree(4));
    expect(ours.parents.map(hex)).toEqual(
      [4, 3, 2, 1].map((n) => hex(blocks[n - 1]!.hash)).concat(POC3_GENESIS.hashHex),
    );
    expect(hex(encodeMessageFrame(ours))).toBe(hex(real.frame));
  });

  it('answers GetChain [genesis, 32] byte for byte as the real client did with 4 blocks, then with 11', () => {
    const asked = asGetChain(frame('out', 'GetChain', 0).message);
    expect(asked.parents.map(hex)).toEqual([POC3_GENESIS.hashHex]);
    const firstAnswer = session.find((m) => m.dir === 'in' && m.cmd === 'Blocks')!;
    const lastAnswer = session.filter((m) => m.dir === 'in' && m.cmd === 'Blocks').at(-1)!;

    const at4 = blocksOf(answerGetChain(realTree(4), asked.parents, asked.count));
    expect(hex(encodeMessageFrame({ command: 'Blocks', blocks: at4 }))).toBe(hex(firstAnswer.frame));

    const again = asGetChain(frame('out', 'GetChain', 1).message);
    const at11 = blocksOf(answerGetChain(realTree(11), again.parents, again.count));
    expect(hashes(at11)).toEqual([...blocks].reverse().map((b) => hex(b.hash)));
    expect(hex(encodeMessageFrame({ command: 'Blocks', blocks: at11 }))).toBe(hex(lastAnswer.frame));
  });

  it("answers the real client's own GetChain (5 hashes, 256) with the blocks after its head, newest first", () => {
    const theirs = asGetChain(frame('in', 'GetChain').message);
    expect(theirs.parents).toHaveLength(5);
    expect(theirs.count).toBe(256);
    const answer = blocksOf(answerGetChain(realTree(11), theirs.parents, theirs.count));
    expect(hashes(answer)).toEqual([11, 10, 9, 8, 7, 6, 5].map((n) => hex(blocks[n - 1]!.hash)));
  });

  it('answers an empty Blocks when the first known hash is our head', () => {
    const theirs = asGetChain(frame('in', 'GetChain').message);
    expect(blocksOf(answerGetChain(realTree(4), theirs.parents, 256))).toEqual([]);
  });

  it('answers NotInChain naming the last hash asked when none is known', () => {
    const theirs = asGetChain(frame('in', 'GetChain').message);
    const strangers = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
    expect(answerGetChain(realTree(11), strangers, 256)).toEqual({ kind: 'notInChain', hash: strangers[1] });
    // The real client's hashes, except the genesis, asked of a node that has only the genesis and others.
    const withoutGenesis = theirs.parents.slice(0, 4);
    expect(answerGetChain(realTree(0), withoutGenesis, 256)).toEqual({
      kind: 'notInChain',
      hash: withoutGenesis[3],
    });
  });

  it('uses the first hash known in the order given, skipping unknown ones', () => {
    const parents = [new Uint8Array(32).fill(9), blocks[8]!.hash, blocks[2]!.hash];
    expect(hashes(blocksOf(answerGetChain(realTree(11), parents, 256)))).toEqual(
      [11, 10].map((n) => hex(blocks[n - 1]!.hash)),
    );
  });

  it('sends the min(count, 32) blocks right after the known hash, newest first', () => {
    expect(hashes(blocksOf(answerGetChain(realTree(11), [POC3_GENESIS.hash], 3)))).toEqual(
      [3, 2, 1].map((n) => hex(blocks[n - 1]!.hash)),
    );
    const genesis = devGenesis();
    const tree = new BlockTree(genesis);
    const long = line(genesis.block, 40, 'l');
    for (const b of long) tree.importBlock(b, 'p');
    const answer = blocksOf(answerGetChain(tree, [genesis.hash], 256));
    expect(hashes(answer)).toEqual(hashes(long.slice(0, 32).reverse()));
    expect(blocksOf(answerGetChain(tree, [genesis.hash], 0))).toEqual([]);
  });

  it('passes over a known block that is not on the best chain', () => {
    const genesis = devGenesis();
    const tree = new BlockTree(genesis);
    const main = line(genesis.block, 3, 'm');
    const side = child(genesis.block, { tag: 'side' });
    for (const b of [...main, side]) tree.importBlock(b, 'p');
    const sideHash = blockHash(side);
    expect(answerGetChain(tree, [sideHash], 32)).toEqual({ kind: 'notInChain', hash: sideHash });
    expect(hashes(blocksOf(answerGetChain(tree, [sideHash, genesis.hash], 32)))).toEqual(
      hashes([...main].reverse()),
    );
  });
});

describe('NotInChain as cpp-ethereum v0.3.11 handled it', () => {
  const genesis = devGenesis();
  const tree = new BlockTree(genesis);
  const long = line(genesis.block, 70, 'n');
  for (const b of long) tree.importBlock(b, 'p');

  it('disconnects with Wrong genesis block when the peer does not know our genesis', () => {
    expect(notInChainEffect(tree, genesis.hash)).toEqual({ disconnect: 'WrongGenesisBlock' });
  });

  it('asks again from the parent of the hash named, 32 hashes at a time, until it reaches the genesis', () => {
    let request = chainRequest(tree);
    const rounds: number[][] = [];
    for (;;) {
      const heights = request.parents.map((p) => tree.get(hex(p))!.height);
      rounds.push([heights[0]!, heights.at(-1)!, heights.length]);
      const effect = notInChainEffect(tree, request.parents.at(-1)!);
      if ('disconnect' in effect) break;
      request = effect.getChain;
      expect(request.count).toBe(256);
    }
    expect(rounds).toEqual([
      [70, 39, 32],
      [38, 7, 32],
      [6, 0, 7],
    ]);
  });

  it('asks from the genesis alone when the hash named is not one of ours', () => {
    expect(notInChainEffect(tree, new Uint8Array(32).fill(7))).toEqual({
      getChain: { command: 'GetChain', parents: [genesis.hash], count: 256 },
    });
  });
});
