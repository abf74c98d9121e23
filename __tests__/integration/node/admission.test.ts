import { toHex } from '../../../chain';
import { DisconnectReason } from '../../../wire';
import { TestNetwork, testNodeId } from '../../helpers/testNetwork';

/*
 * Admission and shutdown through the node core with its real actors (the machine-level cases are in
 * __tests__/unit/machines): duplicate and own node ids, the peer limit, and Client quitting on stop.
 */
describe('admission through the node core', () => {
  it('rejects a second connection with a node id already connected, while the first stays active', async () => {
    const net = new TestNetwork();
    const node = await net.addNode();
    const first = net.connectClient(node, { label: 'twin' });
    first.hello();
    await net.settle();
    const second = net.connectClient(node, { nodeId: testNodeId('twin') });
    second.hello();
    await net.settle();

    expect(second.disconnectReasons()).toEqual([DisconnectReason.AlreadyConnected]);
    expect(second.closed).toBeDefined();
    expect(first.disconnectReasons()).toEqual([]);
    expect(first.closed).toBeUndefined();
    expect(node.core.status().peers.map((p) => [p.nodeId, p.state])).toEqual([
      [toHex(testNodeId('twin')), 'active'],
    ]);
    // The survivor still gets answers.
    first.send({ command: 'GetPeers' });
    await net.settle();
    expect(first.received('Peers')).toHaveLength(1);
    await net.stopAll();
  });

  it("rejects a peer presenting the node's own id with Already connected", async () => {
    const net = new TestNetwork();
    const node = await net.addNode();
    const mirror = net.connectClient(node, { nodeId: node.nodeId });
    mirror.hello();
    await net.settle();
    expect(mirror.disconnectReasons()).toEqual([DisconnectReason.AlreadyConnected]);
    expect(node.core.status().peers).toEqual([]);
    await net.stopAll();
  });

  it('answers Too many peers once maxPeers are admitted, and admits again when one leaves', async () => {
    const net = new TestNetwork({ config: { maxPeers: 2 } });
    const node = await net.addNode();
    const [a, b, c] = ['a', 'b', 'c'].map((label) => net.connectClient(node, { label }));
    a!.hello();
    b!.hello();
    await net.settle();
    c!.hello();
    await net.settle();

    expect(c!.disconnectReasons()).toEqual([DisconnectReason.TooManyPeers]);
    expect([a!, b!].flatMap((x) => x.disconnectReasons())).toEqual([]);
    expect(node.core.status().peers.map((p) => p.state)).toEqual(['active', 'active']);

    a!.send({ command: 'Disconnect', reason: DisconnectReason.ClientQuitting });
    await net.settle();
    const d = net.connectClient(node, { label: 'd' });
    d.hello();
    await net.settle();
    expect(d.disconnectReasons()).toEqual([]);
    expect(node.core.status().peers.map((p) => [p.nodeId, p.state])).toEqual([
      [toHex(testNodeId('b')), 'active'],
      [toHex(testNodeId('d')), 'active'],
    ]);
    await net.stopAll();
  });

  it('sends Client quitting to every peer on stop, and finishes as soon as they have closed', async () => {
    const net = new TestNetwork();
    const node = await net.addNode();
    const peer = await net.addNode({ label: 'peer' });
    net.link(peer, node);
    const clients = ['a', 'b'].map((label) => net.connectClient(node, { label }));
    for (const c of clients) c.hello();
    await net.settle();
    expect(node.core.status().peers).toHaveLength(3);

    const before = net.clock.now();
    await net.stop(node);
    for (const c of clients) {
      expect(c.messages.at(-1)).toEqual({ command: 'Disconnect', reason: DisconnectReason.ClientQuitting });
      expect(c.closed).toBeDefined();
    }
    // The other node closed at once on Disconnect, as did the clients: no grace was needed.
    expect(peer.core.status().peers).toEqual([]);
    expect(net.clock.now() - before).toBeLessThan(100);
    expect(node.core.status().peers).toEqual([]);
    await net.stopAll();
  });

  it('waits out the 2 s grace for a peer that does not close after Client quitting, then closes it', async () => {
    const net = new TestNetwork();
    const node = await net.addNode();
    const stubborn = net.connectClient(node, { label: 'stubborn', closeOnDisconnect: false });
    stubborn.hello();
    await net.settle();

    const before = net.clock.now();
    await net.stop(node);
    expect(stubborn.disconnectReasons()).toEqual([DisconnectReason.ClientQuitting]);
    expect(stubborn.closed).toEqual({ by: 'remote', error: undefined });
    const took = net.clock.now() - before;
    expect(took).toBeGreaterThanOrEqual(2000);
    expect(took).toBeLessThan(2100);
  });
});
