import pino from 'pino';
import type { RunningNode } from '../../actors/node';
import { startNode } from '../../actors/node';
import type { NodeConfig } from '../../actors/nodeConfig';
import { createLogger } from '../../cli/logger';
import { benchNodeConfig } from './benchNode';

/** Connections and handshakes the node under test has seen, counted from its observer hooks. */
export interface NodeCounters {
  peers: number;
  handshakes: number;
}

/**
 * The node a TCP benchmark measures, as the CLI runs it: `startNode` with the bench configuration over
 * LevelDB in `dataDir`, TCP on 127.0.0.1, metrics, and the info-level log written to /dev/null as the CLI
 * would write it to stdout. `counters` follows its connections.
 */
export async function startBenchNode(
  dataDir: string,
  overrides: Partial<NodeConfig>,
  counters: NodeCounters,
): Promise<RunningNode> {
  const config = benchNodeConfig({ dataDir, ...overrides });
  const logger = createLogger(config.logLevel, pino.destination({ dest: '/dev/null', sync: true }));
  return startNode(config, logger, {
    observers: [
      () => ({
        connectionOpened: () => counters.peers++,
        connectionClosed: () => counters.peers--,
        handshakeCompleted: () => counters.handshakes++,
      }),
    ],
  });
}

/** Three full collections with a pause after each (needs --expose-gc), as the benchmarks read RSS. */
export async function fullCollections(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('full collections need node --expose-gc');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
