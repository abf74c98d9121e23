import { toHex } from '../../../chain';
import { DIAL_INTERVAL_MS } from '../../../actors/nodeSystem';
import { TEST_LISTEN_PORT, TestNetwork } from '../../helpers/testNetwork';

/*
 * Peer discovery between node cores: after a handshake each side asks GetPeers, and the answer comes from
 * the known-peers registry, which records a peer at its socket address and its Hello's listen port.
 */
describe('peers gossip between nodes', () => {
  it("B learns C's address from A's Peers answer", async () => {
    const net = new TestNetwork();
    const a = await net.addNode({ label: 'a' });
    const b = await net.addNode({ label: 'b' });
    const c = await net.addNode({ label: 'c' });
    net.link(c, a);
    await net.settle();
    expect(b.core.registry.get(toHex(c.nodeId))).toBeUndefined();

    net.link(b, a);
    await net.settle();

    expect(b.core.registry.get(toHex(c.nodeId))).toMatchObject({
      ip: c.ip,
      port: TEST_LISTEN_PORT,
      // Heard of, never connected.
      lastConnectedMs: undefined,
    });
    expect(b.core.registry.get(toHex(a.nodeId))).toMatchObject({ ip: a.ip, port: TEST_LISTEN_PORT });
    // A's answer also named B itself, which B does not record.
    expect(b.core.registry.get(toHex(b.nodeId))).toBeUndefined();
    expect(b.core.status().knownPeers).toBe(2);
    // C asked A before B came, and nobody asks again: C does not know B yet.
    expect(c.core.registry.get(toHex(b.nodeId))).toBeUndefined();
    await net.stopAll();
  });

  it('a dialling node connects to the address it learned, at its next dial tick', async () => {
    const net = new TestNetwork();
    const a = await net.addNode({ label: 'a' });
    const b = await net.addNode({ label: 'b', config: { dial: true } });
    const c = await net.addNode({ label: 'c' });
    net.link(c, a);
    net.link(b, a);
    await net.settle();
    expect(c.core.status().peers).toHaveLength(1);

    await net.advance(DIAL_INTERVAL_MS);

    const peersOf = (n: typeof a) => n.core.status().peers.map((p) => [p.nodeId, p.direction, p.state]);
    expect(peersOf(b)).toEqual([
      [toHex(a.nodeId), 'outbound', 'active'],
      [toHex(c.nodeId), 'outbound', 'active'],
    ]);
    expect(peersOf(c)).toEqual([
      [toHex(a.nodeId), 'outbound', 'active'],
      [toHex(b.nodeId), 'inbound', 'active'],
    ]);
    expect(b.core.registry.get(toHex(c.nodeId))?.lastConnectedMs).toBeDefined();
    await net.stopAll();
  });
});
