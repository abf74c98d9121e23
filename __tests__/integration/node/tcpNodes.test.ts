import path from 'node:path';
import type { RunningNode } from '../../../actors/node';
import { startNode } from '../../../actors/node';
import type { NodeConfig } from '../../../actors/nodeConfig';
import { DEFAULT_NODE_CONFIG } from '../../../actors/nodeConfig';
import type { NodeObserver } from '../../../actors/observer';
import { toHex, transactionHash } from '../../../chain';
import { createLogger } from '../../../cli/logger';
import { dialTcp } from '../../../transport/tcp';
import type { CommandName } from '../../../wire';
import { TestClient, waitFor } from '../../helpers/testNetwork';
import { tempDirPerTest } from '../../helpers/tempDir';
import { realChain } from '../../unit/chain/chainFixtures';

/*
 * Two real services (`startNode`: LevelDB, node key, TCP listener, dialer) on 127.0.0.1, port 0. Real
 * sockets and real timers, so the test awaits conditions (bounded) and never sleeps a fixed time.
 */
describe('two nodes over TCP', () => {
  const running: RunningNode[] = [];

  afterEach(async () => {
    for (const node of running.splice(0)) await node.stop();
  });
  // After the hook above, so the nodes have stopped when the directory goes: each node has its own under it.
  const tempDir = tempDirPerTest('pocnode-tcp-');
  let started = 0;

  async function start(over: Partial<NodeConfig>, observer: NodeObserver): Promise<RunningNode> {
    const dataDir = path.join(tempDir(), `node-${(started += 1)}`);
    const node = await startNode(
      { ...DEFAULT_NODE_CONFIG, host: '127.0.0.1', port: 0, httpPort: 0, dataDir, dial: false, ...over },
      createLogger('silent'),
      { observers: [() => observer] },
    );
    running.push(node);
    return node;
  }

  /** Commands each node read and wrote, whoever the peer. */
  function recorder() {
    const frames = { in: [] as CommandName[], out: [] as CommandName[] };
    const observer: NodeObserver = {
      frameIn: (_conn, command) => frames.in.push(command),
      frameOut: (_conn, command) => frames.out.push(command),
    };
    return { frames, observer };
  }

  const activePeers = (node: RunningNode): string[] =>
    node
      .status()
      .peers.filter((p) => p.state === 'active')
      .map((p) => p.nodeId ?? '');

  it('connect through bootnodes, exchange peers, and relay a transaction a raw client gave one of them', async () => {
    const first = recorder();
    const second = recorder();
    const a = await start({}, first.observer);
    const b = await start(
      { dial: true, bootnodes: [{ host: '127.0.0.1', port: a.ports.tcp }] },
      second.observer,
    );

    await waitFor(
      () => activePeers(a).includes(toHex(b.nodeId)) && activePeers(b).includes(toHex(a.nodeId)),
      'both nodes active with each other',
    );
    // Each asked the other for peers after the handshake and got an answer.
    await waitFor(
      () => [first, second].every((r) => r.frames.in.includes('Peers') && r.frames.in.includes('GetPeers')),
      'Peers answers both ways',
    );
    expect(first.frames.out).toEqual(expect.arrayContaining(['GetPeers', 'Peers']));
    expect(second.frames.out).toEqual(expect.arrayContaining(['GetPeers', 'Peers']));
    // Each recorded the other where it listens: the socket's address and the Hello's port.
    expect(a.core.registry.get(toHex(b.nodeId))).toMatchObject({ ip: '127.0.0.1', port: b.ports.tcp });
    expect(b.core.registry.get(toHex(a.nodeId))).toMatchObject({ ip: '127.0.0.1', port: a.ports.tcp });

    const tx = realChain().blocks[4]!.block.transactions[0]!;
    const txHashHex = toHex(transactionHash(tx));
    const wallet = new TestClient(await dialTcp({ host: '127.0.0.1', port: a.ports.tcp }), {
      label: 'wallet',
    });
    wallet.hello();
    await waitFor(() => wallet.commands().includes('Hello'), "the node's Hello");
    wallet.send({ command: 'Transactions', transactions: [tx] });

    await waitFor(() => b.core.pool.has(txHashHex), 'the transaction to reach the second node');
    expect(a.core.pool.has(txHashHex)).toBe(true);
    expect(second.frames.in.filter((c) => c === 'Transactions').length).toBeGreaterThanOrEqual(1);
    expect(wallet.decodeError).toBeUndefined();
    expect(wallet.disconnectReasons()).toEqual([]);

    wallet.close();
    await waitFor(() => wallet.closed !== undefined, 'the wallet connection to close');
    await waitFor(() => activePeers(a).length === 1, 'the node to see the wallet go');
    await b.stop();
    await a.stop();
    expect(a.status().peers).toEqual([]);
    expect(b.status().peers).toEqual([]);
  });
});
