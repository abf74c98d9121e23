import { POC3_GENESIS_HASH_HEX, blockHash, toHex } from '../../../chain';
import type { Block } from '../../../wire';
import { decodeMessage } from '../../../wire';
import { TestNetwork } from '../../helpers/testNetwork';
import { loadSession } from '../../helpers/vectors';
import { realChain } from '../../unit/chain/chainFixtures';

/*
 * The frames cpp-ethereum v0.3.11 sent in the captured session (session.jsonl, "dir":"in"), fed into a
 * pocnode node at their recorded times over a memory connection, as if that client had dialled us. Only
 * its frames are fed: the probe's (and its closing Disconnect) are not ours to send.
 */
describe('a node fed the frames of a real cpp-ethereum v0.3.11 session', () => {
  const theirs = loadSession().filter((f) => f.dir === 'in');
  const { blocks } = realChain();
  const tip = blocks[10]!;

  it('decodes every frame of the session', () => {
    for (const f of theirs) {
      const message = decodeMessage(f.frame.subarray(8));
      expect(message.command).toBe(f.cmd);
    }
  });

  it('answers as PROTOCOL.md says, never disconnects, and ends at the tip of chain.json', async () => {
    const net = new TestNetwork();
    const node = await net.addNode();
    const cpp = net.connectClient(node, { label: 'cpp-ethereum' });
    const start = net.clock.now();
    for (const f of theirs) {
      await net.advance(start + f.t - net.clock.now());
      cpp.sendBytes(f.frame);
    }
    await net.settle();

    expect(cpp.decodeError).toBeUndefined();
    expect(cpp.disconnectReasons()).toEqual([]);
    expect(node.core.status().peers.map((p) => p.state)).toEqual(['active']);

    const count = (cmd: string): number => theirs.filter((f) => f.cmd === cmd).length;
    // Ping → Pong; each GetPeers → Peers (possibly empty).
    expect(cpp.received('Pong')).toHaveLength(count('Ping'));
    expect(cpp.received('Peers')).toHaveLength(count('GetPeers'));
    // Their GetChain came while we held only the genesis, the one parent of theirs we knew: it is our
    // head, so the answer is an empty Blocks (v0.3.11).
    expect(count('GetChain')).toBe(1);
    expect(cpp.received('Blocks')).toEqual([{ command: 'Blocks', blocks: [] }]);
    // Their GetTransactions came before their transaction: the whole queue, empty then.
    expect(count('GetTransactions')).toBe(1);
    expect(cpp.received('Transactions')).toEqual([{ command: 'Transactions', transactions: [] }]);

    // As v0.3.11 after the handshake: GetChain from our head (the genesis) for 256, then GetTransactions;
    // after each Blocks that brought something new, GetChain from its newest block.
    const blockMessages = theirs.flatMap((f) => {
      const m = decodeMessage(f.frame.subarray(8));
      return m.command === 'Blocks' ? [m.blocks] : [];
    });
    const newest = (b: readonly Block[]): string => toHex(blockHash(b[0]!));
    expect(cpp.received('GetChain').map((m) => [m.parents.map(toHex), m.count])).toEqual([
      [[POC3_GENESIS_HASH_HEX], 256],
      ...blockMessages.slice(0, -1).map((b) => [[newest(b)], 256]),
    ]);
    expect(cpp.received('GetTransactions')).toHaveLength(1);

    expect(node.core.status().head).toEqual({
      hash: toHex(tip.hash),
      height: 11,
      totalDifficulty: tip.totalDifficulty.toString(),
    });
    expect(node.core.status().orphans).toBe(0);
    // Their transaction was pooled, then mined into block 5: it left the queue.
    expect(node.core.pool.size).toBe(0);
    await net.stopAll();
  });
});
