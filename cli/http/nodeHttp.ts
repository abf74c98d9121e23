import type pino from 'pino';

import type { RunningNode } from '../../actors/node';
import type { NodeConfig } from '../../actors/nodeConfig';
import type { HttpServer } from './server';
import { startHttpServer } from './server';

/**
 * The status page of a running node on `--http-host`:`--http-port` (CONTRACT.md §2, §5), in the shape
 * `startService` takes as its `http` part. Loopback by default: the page and metrics stay on the machine.
 */
export function startNodeHttp(
  node: RunningNode,
  config: NodeConfig,
  logger: pino.Logger,
): Promise<HttpServer> {
  return startHttpServer({
    host: config.httpHost,
    port: config.httpPort,
    source: node,
    metrics: node.metrics,
    logger: logger.child({ part: 'http' }),
  });
}
