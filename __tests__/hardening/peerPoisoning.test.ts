import { randomBytes } from 'node:crypto';
import { classifyEndpoint } from '../../actors/classifyEndpoint';
import {
  DEFAULT_MAX_KNOWN_PEERS,
  MAX_LEARNED_PER_MESSAGE,
  MAX_PEERS_PER_ANSWER,
} from '../../actors/knownPeers';
import type { PeerEndpoint } from '../../wire';
import { startMemoryNode } from './helpers/memoryNode';

/**
 * Gossip from hostile peers through the whole node (supervisor → known-peers actor → registry → GetPeers
 * answers): huge Peers messages, bogus addresses, our own id, and claims on the address of a peer we have
 * talked to. The registry must stay bounded and hold only what could be dialled.
 */

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A distinct, non-zero node id per (salt, i), cheap to make by the thousand. */
function idOf(salt: number, i: number): Uint8Array {
  const id = new Uint8Array(64).fill(0x5a);
  id[0] = salt;
  id[1] = i >> 8;
  id[2] = i & 0xff;
  return id;
}

/** 3000 entries: one in ten plausible, the rest every kind of junk the 2014 clients' filters dropped. */
function hostileEntries(ownId: Uint8Array, salt: number): PeerEndpoint[] {
  const entries: PeerEndpoint[] = [];
  for (let i = 0; i < 3000; i++) {
    const id = idOf(salt, i);
    const b = (i >> 8) & 0xff;
    const c = i & 0xff;
    switch (i % 10) {
      case 0:
        entries.push({ ip: `10.${salt}.${b}.${c}`, port: 30303, nodeId: id });
        break;
      case 1:
        entries.push({ ip: `10.${salt}.${b}.${c}`, port: 30303, nodeId: ownId });
        break;
      case 2:
        entries.push({ ip: `0.0.${b}.${c}`, port: 30303, nodeId: id });
        break;
      case 3:
        entries.push({ ip: `224.1.${b}.${c}`, port: 30303, nodeId: id });
        break;
      case 4:
        entries.push({ ip: '255.255.255.255', port: 30303, nodeId: id });
        break;
      case 5:
        entries.push({ ip: `10.${salt}.${b}.${c}`, port: 0, nodeId: id });
        break;
      case 6:
        entries.push({ ip: `10.${salt}.${b}.${c}`, port: 30303, nodeId: new Uint8Array(64) });
        break;
      case 7:
        entries.push({ ip: `10.${salt}.${b}.${c}`, port: 30303, nodeId: randomBytes(20) });
        break;
      case 8:
        // Thousands of ids claiming one address: one entry at most.
        entries.push({ ip: '10.200.0.1', port: 30303, nodeId: id });
        break;
      default:
        entries.push({ ip: `240.0.${b}.${c}`, port: 30303, nodeId: id });
    }
  }
  return entries;
}

describe('Peers messages from hostile peers, through the whole node', () => {
  it('leave a bounded registry of dialable entries, never our id, and GetPeers answers only those', async () => {
    const node = await startMemoryNode();
    const rules = { localNodeId: node.nodeId, allowPrivate: true };
    for (let salt = 0; salt < 20; salt++) {
      const gossip = node.connect();
      gossip.hello();
      gossip.send({ command: 'Peers', peers: hostileEntries(node.nodeId, salt) });
      await node.settle();
      // Nobody is dropped for gossip: the codec accepted the message, the registry filtered it.
      expect(gossip.disconnectReasons()).toEqual([]);
      expect(node.core.registry.size).toBeLessThanOrEqual(
        Math.min(DEFAULT_MAX_KNOWN_PEERS, (salt + 1) * MAX_LEARNED_PER_MESSAGE),
      );
      gossip.connection.close();
      await node.settle();
    }
    const known = node.core.registry.all();
    // 20 messages could have brought 20 × 64 plausible entries: the registry stopped at its bound.
    expect(known.length).toBe(DEFAULT_MAX_KNOWN_PEERS);
    expect(known.filter((p) => classifyEndpoint(p, rules) !== 'ok')).toEqual([]);
    expect(known.filter((p) => p.nodeIdHex === hex(node.nodeId))).toEqual([]);
    expect(known.filter((p) => p.ip === '10.200.0.1').length).toBeLessThanOrEqual(1);

    const asker = node.connect();
    asker.hello();
    asker.send({ command: 'GetPeers' });
    await node.settle();
    const answer = asker.received('Peers').flatMap((m) => m.peers);
    expect(answer.length).toBeGreaterThan(0);
    expect(answer.length).toBeLessThanOrEqual(MAX_PEERS_PER_ANSWER);
    expect(answer.filter((p) => classifyEndpoint(p, rules) !== 'ok')).toEqual([]);
    await node.stop();
  });

  it('cannot move or displace a peer the node has talked to', async () => {
    const node = await startMemoryNode();
    const verified = node.connect({ remote: '10.0.0.5:40001' });
    verified.hello({ listenPort: 30303 });
    await node.settle();
    const id = hex(verified.nodeId);
    expect(node.core.registry.get(id)).toMatchObject({ ip: '10.0.0.5', port: 30303 });

    const liar = node.connect({ remote: '10.0.0.66:40002' });
    liar.hello();
    liar.send({
      command: 'Peers',
      peers: [
        // Its address under another id, and its id at another address.
        { ip: '10.0.0.5', port: 30303, nodeId: randomBytes(64) },
        { ip: '10.0.0.66', port: 30303, nodeId: verified.nodeId },
      ],
    });
    await node.settle();
    expect(node.core.registry.get(id)).toMatchObject({ ip: '10.0.0.5', port: 30303 });
    expect(node.core.registry.all().filter((p) => p.ip === '10.0.0.5')).toHaveLength(1);
    await node.stop();
  });
});
