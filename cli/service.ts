import type pino from 'pino';
import type { RunningNode } from '../actors/node';
import { startNode } from '../actors/node';
import type { NodeConfig } from '../actors/nodeConfig';
import type { NodeObserver } from '../actors/observer';

/** What `pocnode start` runs: the node plus the services around it (status page, trace). */
export interface RunningService {
  readonly ports: RunningNode['ports'];
  stop(reason?: string): Promise<void>;
  readonly done: Promise<void>;
}

/** Optional parts the service is assembled from; each is started only when its option asks for it. */
export interface ServiceParts {
  readonly http?: (
    node: RunningNode,
    config: NodeConfig,
    logger: pino.Logger,
  ) => Promise<{ readonly port: number; close(): Promise<void> }>;
  readonly trace?: (
    config: NodeConfig,
    nodeIdentity: { readonly nodeId: string; readonly listenPort: number },
  ) => Promise<{ readonly observer: NodeObserver; readonly path: string; close(): Promise<void> }>;
}

/**
 * Starts the node, then the HTTP status page (`--http-port`, 0 = off); stops them in reverse order.
 */
export async function startService(
  config: NodeConfig,
  logger: pino.Logger,
  parts: ServiceParts = {},
): Promise<RunningService> {
  const node = await startNode(config, logger);
  let http: { port: number; close(): Promise<void> } | undefined;
  if (config.httpPort !== 0 && parts.http) {
    try {
      http = await parts.http(node, config, logger);
    } catch (err: unknown) {
      await node.stop();
      throw err;
    }
    node.setPort('http', http.port);
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await http?.close();
      await node.stop();
    })());
  return { ports: node.ports, stop, done: node.done };
}
