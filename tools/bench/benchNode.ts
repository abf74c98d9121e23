import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { NodeConfig } from '../../actors/nodeConfig';
import { DEFAULT_NODE_CONFIG } from '../../actors/nodeConfig';
import type { NodeCore } from '../../actors/nodeCore';
import { openNodeCore } from '../../actors/nodeCore';
import { createNodeMetrics } from '../../actors/nodeMetrics';
import type { NodeStatus } from '../../actors/nodeStatus';
import { MemoryStore } from '../../store/memoryStore';
import { TransportError, TransportErrorCode } from '../../transport/connection';

/**
 * The node configuration every benchmark runs: the defaults of CONTRACT.md §2–3 except what a benchmark
 * must lift to be one at all. All peers come from 127.0.0.1, so the per-IP inbound rate (10/s) and the
 * pending-handshake bound (50) would refuse the load itself; the per-connection frame budget (1024/s) would
 * drop the one peer that streams pings or transactions. Room for every peer; no dialling.
 */
export function benchNodeConfig(overrides: Partial<NodeConfig> = {}): NodeConfig {
  return {
    ...DEFAULT_NODE_CONFIG,
    host: '127.0.0.1',
    port: 0,
    httpPort: 0,
    dial: false,
    maxPeers: 20_000,
    maxPendingHandshakes: 20_000,
    maxInboundPerIpPerSecond: 0,
    frameBudgetPerSecond: 0,
    ...overrides,
  };
}

/**
 * The node core as `startNode` builds it (chain, pool, registry, node system, metrics observer on the real
 * clock), over a MemoryStore instead of LevelDB and without listeners: the caller hands it connections.
 */
export async function openBenchCore(config: NodeConfig = benchNodeConfig()): Promise<NodeCore> {
  const startedAt = performance.now();
  const holder: { core?: NodeCore } = {};
  const metrics = createNodeMetrics({ source: (): NodeStatus => holder.core!.status() });
  const core = await openNodeCore({
    store: new MemoryStore(),
    config,
    nodeId: randomBytes(64),
    listenPort: 30303,
    dial: () => Promise.reject(new TransportError(TransportErrorCode.Dial, 'benchmarks do not dial')),
    now: () => Math.round(performance.now() - startedAt),
    observer: metrics,
  });
  holder.core = core;
  return core;
}
