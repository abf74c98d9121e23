import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IP_BURST_SECONDS } from '../../actors/ipRateLimiter';
import type { RunningNode } from '../../actors/node';
import { startNode } from '../../actors/node';
import type { NodeConfig } from '../../actors/nodeConfig';
import { DEFAULT_NODE_CONFIG } from '../../actors/nodeConfig';
import { createLogger } from '../../cli/logger';
import { floodConnects, pingWhile } from '../../tools/reliability/connectFlood';
import { WireClient } from '../../tools/reliability/wireClient';

/**
 * Connect floods over real TCP on 127.0.0.1 against a node started as the service starts it (LevelDB,
 * listeners). Short protocol timers keep the held handshakes brief; nothing here depends on how fast the
 * machine is, only on what the node does with each connection.
 */

const TIMERS = {
  helloTimeoutMs: 1000,
  disconnectGraceMs: 200,
  pingIntervalMs: 60_000,
  pingTimeoutMs: 60_000,
};

async function withNode(
  over: Partial<NodeConfig>,
  body: (node: RunningNode) => Promise<void>,
): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pocnode-flood-'));
  const node = await startNode(
    {
      ...DEFAULT_NODE_CONFIG,
      ...TIMERS,
      host: '127.0.0.1',
      port: 0,
      httpPort: 0,
      dataDir,
      dial: false,
      ...over,
    },
    createLogger('silent'),
  );
  try {
    await body(node);
  } finally {
    await node.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Samples the node's handshakes in progress on every turn of the event loop until `until` settles. */
async function maxHandshaking(node: RunningNode, until: Promise<unknown>): Promise<number> {
  let max = 0;
  let done = false;
  void until.finally(() => {
    done = true;
  });
  while (!done) {
    const n = node.status().peers.filter((p) => p.state === 'awaitingHello').length;
    max = Math.max(max, n);
    await new Promise((r) => setImmediate(r));
  }
  return max;
}

describe('a connect flood from loopback', () => {
  it('never holds more handshakes than the bound, and an established peer keeps getting its Pongs', async () => {
    await withNode({ maxInboundPerIpPerSecond: 0 }, async (node) => {
      const established = await WireClient.connect('127.0.0.1', node.ports.tcp);
      established.hello();
      await established.waitFor((m) => m.command === 'Hello', 10_000, 'Hello');
      const flood = floodConnects({ host: '127.0.0.1', port: node.ports.tcp, total: 2000, concurrency: 200 });
      const [result, held, pings] = await Promise.all([
        flood,
        maxHandshaking(node, flood),
        pingWhile(established, 20, flood),
      ]);
      expect(result.connects).toBe(2000);
      // With no per-IP limit every connection gets a machine and a Hello, then makes room for the next.
      expect(result.greeted).toBe(2000);
      expect(held).toBeLessThanOrEqual(DEFAULT_NODE_CONFIG.maxPendingHandshakes);
      expect(pings.sent).toBeGreaterThan(0);
      expect(pings.answered).toBe(pings.sent);
      expect(established.closed).toBe(false);
      expect(node.status().peers.map((p) => p.state)).toEqual(['active']);
      established.destroy();
    });
  });

  it('is cut to the per-IP burst and rate: the rest are closed before the node writes a byte', async () => {
    const perSecond = 10;
    await withNode({ maxInboundPerIpPerSecond: perSecond }, async (node) => {
      const result = await floodConnects({
        host: '127.0.0.1',
        port: node.ports.tcp,
        total: 1000,
        concurrency: 200,
      });
      expect(result.connects).toBe(1000);
      const allowed = perSecond * IP_BURST_SECONDS + Math.ceil(perSecond * result.seconds);
      expect(result.greeted).toBeGreaterThanOrEqual(perSecond * IP_BURST_SECONDS);
      expect(result.greeted).toBeLessThanOrEqual(allowed);
      expect(result.closedUnread).toBe(1000 - result.greeted);
    });
  });
});
