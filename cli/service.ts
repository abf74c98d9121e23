import type pino from 'pino';
import type { NodeStartInfo, RunningNode } from '../actors/node';
import { startNode } from '../actors/node';
import type { NodeConfig } from '../actors/nodeConfig';
import type { NodeObserver } from '../actors/observer';

/** What `pocnode start` runs: the node plus the services around it (status page, trace). */
export interface RunningService {
  readonly ports: RunningNode['ports'];
  stop(reason?: string): Promise<void>;
  readonly done: Promise<void>;
}

/** A trace being recorded (trace/traceRecorder.ts), as the service drives it. */
export interface ServiceTrace {
  readonly observer: NodeObserver;
  readonly path: string;
  nodeStopping(): void;
  close(): Promise<void>;
}

/** Optional parts the service is assembled from; each is started only when its option asks for it. */
export interface ServiceParts {
  readonly http?: (
    node: RunningNode,
    config: NodeConfig,
    logger: pino.Logger,
  ) => Promise<{ readonly port: number; close(): Promise<void> }>;
  readonly trace?: (config: NodeConfig & { readonly traceDir: string }, info: NodeStartInfo) => ServiceTrace;
}

/**
 * Starts the node (with the trace recorder when `--trace-dir` is given), then the HTTP status page
 * (`--http-port`, 0 = off); stops them in reverse order.
 */
export async function startService(
  config: NodeConfig,
  logger: pino.Logger,
  parts: ServiceParts = {},
): Promise<RunningService> {
  let trace: ServiceTrace | undefined;
  const makeTrace = parts.trace;
  const traceDir = config.traceDir;
  const observers =
    makeTrace && traceDir !== undefined
      ? [
          (info: NodeStartInfo): NodeObserver => {
            trace = makeTrace({ ...config, traceDir }, info);
            logger.info({ path: trace.path }, 'recording trace');
            return trace.observer;
          },
        ]
      : [];
  const node = await startNode(config, logger, { observers });
  const closeTrace = async (): Promise<void> => {
    try {
      await trace?.close();
    } catch (err: unknown) {
      logger.error({ err }, 'the trace could not be written completely');
    }
  };
  let http: { port: number; close(): Promise<void> } | undefined;
  if (config.httpPort !== 0 && parts.http) {
    try {
      http = await parts.http(node, config, logger);
    } catch (err: unknown) {
      await node.stop();
      await closeTrace();
      throw err;
    }
    node.setPort('http', http.port);
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await http?.close();
      trace?.nodeStopping();
      await node.stop();
      await closeTrace();
    })());
  return { ports: node.ports, stop, done: node.done };
}
