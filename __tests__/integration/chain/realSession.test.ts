import { MemoryStore } from '../../../store/memoryStore';
import type { Block } from '../../../wire';
import { encodeMessageFrame } from '../../../wire';
import { ChainManager, POC3_GENESIS, blockHash } from '../../../chain';
import { hex, realChain, sessionMessages } from '../../unit/chain/chainFixtures';

/*
 * The chain logic fed what cpp-ethereum v0.3.11 actually sent in one session (session.jsonl): its Blocks
 * frames, in order, decoded by the wire codec, as the node's actor would hand them over.
 */
describe('the chain fed the Blocks frames of a real cpp-ethereum v0.3.11 session', () => {
  const session = sessionMessages();
  const { blocks } = realChain();
  const blockMessages = session.flatMap((m) =>
    m.dir === 'in' && m.message.command === 'Blocks' ? [m.message] : [],
  );

  it('imports every Blocks frame and ends at block 11 with the real total difficulty', async () => {
    expect(blockMessages.length).toBeGreaterThanOrEqual(3);
    const chain = await ChainManager.open(new MemoryStore());
    const heads: number[] = [];
    for (const message of blockMessages) {
      const result = await chain.importBlocks(message.blocks, 'cpp-ethereum');
      expect(result.invalid).toBeUndefined();
      expect(result.rejected).toEqual([]);
      expect(result.missingParents).toEqual([]);
      heads.push(chain.head.height);
    }
    // Blocks 4..1 answering the probe's GetChain, then each new head as mined, then the full chain again.
    expect(heads).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 11]);
    expect(chain.head.hashHex).toBe(hex(blocks[10]!.hash));
    expect(chain.head.totalDifficulty).toBe(blocks[10]!.totalDifficulty);
    expect(chain.orphanCount).toBe(0);
  });

  it("asks for what follows each message's newest block while the client keeps sending new ones, as v0.3.11 did", async () => {
    const chain = await ChainManager.open(new MemoryStore());
    const followUps: Array<string | undefined> = [];
    for (const message of blockMessages) {
      const result = await chain.importBlocks(message.blocks, 'cpp-ethereum');
      followUps.push(result.followUp && hex(result.followUp.parents[0]!));
      if (result.followUp) expect(result.followUp.count).toBe(256);
    }
    const newest = (b: readonly Block[]): string => hex(blockHash(b[0]!));
    // The last message repeats known blocks: nothing new, nothing more to ask.
    expect(followUps).toEqual([...blockMessages.slice(0, -1).map((m) => newest(m.blocks)), undefined]);
  });

  it("answers the client's own GetChain and the probe's, once it holds the chain, with the frames the client itself produced", async () => {
    const chain = await ChainManager.open(new MemoryStore());
    for (const message of blockMessages) await chain.importBlocks(message.blocks, 'cpp-ethereum');
    const theirs = session.find((m) => m.dir === 'in' && m.message.command === 'GetChain')!.message;
    if (theirs.command !== 'GetChain') throw new Error('not a GetChain');
    const answer = chain.answerGetChain(theirs.parents, theirs.count);
    expect(answer.kind === 'blocks' && answer.blocks.map((b) => hex(blockHash(b)))).toEqual(
      blocks
        .slice(4)
        .reverse()
        .map((b) => hex(b.hash)),
    );
    const probe = session.filter((m) => m.dir === 'out' && m.message.command === 'GetChain').at(-1)!.message;
    if (probe.command !== 'GetChain') throw new Error('not a GetChain');
    const full = chain.answerGetChain(probe.parents, probe.count);
    if (full.kind !== 'blocks') throw new Error('expected blocks');
    const lastFrame = session.filter((m) => m.dir === 'in' && m.cmd === 'Blocks').at(-1)!.frame;
    expect(hex(encodeMessageFrame({ command: 'Blocks', blocks: full.blocks }))).toBe(hex(lastFrame));
  });

  it('comes back after a restart with the same head, and answers the same', async () => {
    const store = new MemoryStore();
    const first = await ChainManager.open(store);
    for (const message of blockMessages) await first.importBlocks(message.blocks, 'cpp-ethereum');
    await store.close();
    store.reopen();
    const second = await ChainManager.open(store);
    expect(second.head).toEqual(first.head);
    expect(second.answerGetChain([POC3_GENESIS.hash], 32)).toEqual(
      first.answerGetChain([POC3_GENESIS.hash], 32),
    );
    expect(second.chainRequest()).toEqual(first.chainRequest());
  });
});
