import { DEFAULT_NODE_CONFIG } from '../../actors/nodeConfig';
import { DisconnectReason, encodeMessageFrame, helloMessage } from '../../wire';
import type { MemoryNode, RawPeer } from './helpers/memoryNode';
import { startMemoryNode } from './helpers/memoryNode';

/**
 * Slowloris on the simulated clock: peers that dribble their Hello one byte a second. The hello timeout
 * is counted from the connection, not renewed by bytes; the pending-handshake bound closes the oldest
 * handshake first, so hundreds of them cannot keep a real peer out.
 */

const HELLO_TIMEOUT_MS = DEFAULT_NODE_CONFIG.helloTimeoutMs;
const GRACE_MS = DEFAULT_NODE_CONFIG.disconnectGraceMs;

function helloFrame(peer: RawPeer): Uint8Array {
  return encodeMessageFrame(helloMessage(peer.nodeId, { clientId: 'slowloris' }));
}

/** Sends byte `second` of each peer's Hello, then lets one simulated second pass. */
async function dribble(
  node: MemoryNode,
  peers: readonly RawPeer[],
  frames: readonly Uint8Array[],
  second: number,
) {
  peers.forEach((p, i) => p.sendBytes(frames[i]!.subarray(second, second + 1)));
  await node.advance(1000);
}

const states = (node: MemoryNode): string[] => node.core.status().peers.map((p) => p.state);

describe('a peer that sends its Hello one byte per second', () => {
  it('is sent Disconnect(Useless peer) at helloTimeout, whatever it has sent by then, and closed after the grace', async () => {
    const node = await startMemoryNode();
    const slow = node.connect();
    const frame = helloFrame(slow);
    for (let second = 0; second < HELLO_TIMEOUT_MS / 1000 - 1; second++)
      await dribble(node, [slow], [frame], second);
    slow.sendBytes(frame.subarray(4, 5));
    await node.advance(999);
    expect(slow.disconnectReasons()).toEqual([]);
    await node.advance(1);
    expect(slow.disconnectReasons()).toEqual([DisconnectReason.UselessPeer]);
    // Nothing it sends now is read; it is closed at the end of the grace.
    slow.sendBytes(frame.subarray(5));
    await node.advance(GRACE_MS);
    expect(slow.closed).toBeDefined();
    expect(node.core.status().peers).toEqual([]);
    await node.stop();
  });
});

describe('500 slowloris peers at once', () => {
  it('do not stop a real peer from connecting and being served, and never hold more than the bound', async () => {
    const node = await startMemoryNode();
    const bound = DEFAULT_NODE_CONFIG.maxPendingHandshakes;
    const slow = Array.from({ length: 500 }, (_, i) => node.connect({ remote: `127.0.0.1:${20_000 + i}` }));
    const frames = slow.map(helloFrame);
    await node.settle();
    let maxHandshaking = 0;
    const count = (): void => {
      maxHandshaking = Math.max(maxHandshaking, states(node).filter((s) => s === 'awaitingHello').length);
    };
    count();
    await dribble(node, slow, frames, 0);
    count();

    // One second into the attack a real peer connects: it is greeted, admitted and served at once.
    const real = node.connect({ remote: '10.0.0.7:30303' });
    real.hello();
    real.send({ command: 'GetPeers' });
    real.send({ command: 'Ping' });
    await node.settle();
    expect(real.received('Hello')).toHaveLength(1);
    expect(real.received('Peers')).toHaveLength(1);
    expect(real.received('Pong')).toHaveLength(1);
    expect(real.disconnectReasons()).toEqual([]);

    for (let second = 1; second < 8; second++) {
      await dribble(node, slow, frames, second);
      count();
    }
    expect(maxHandshaking).toBeLessThanOrEqual(bound);
    // The 450 oldest were cut at once to make room (no Disconnect reaches them); the last ran into the timeout.
    expect(slow.filter((p) => p.closed !== undefined)).toHaveLength(500);
    expect(slow.filter((p) => p.disconnectReasons()[0] === DisconnectReason.UselessPeer)).toHaveLength(
      bound - 1,
    );
    expect(states(node)).toEqual(['active']);
    real.send({ command: 'Ping' });
    await node.settle();
    expect(real.received('Pong')).toHaveLength(2);
    await node.stop();
  });
});
