import { mkdir, readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type pino from 'pino';
import type { Registry } from 'prom-client';
import type { Genesis } from '../chain';
import { parseGenesis } from '../chain';
import { LevelStore } from '../store/levelStore';
import type { Connection, Listener } from '../transport/connection';
import { dialTcp, listenTcp } from '../transport/tcp';
import { listenWs } from '../transport/ws';
import type { NodeConfig } from './nodeConfig';
import type { NodeCore } from './nodeCore';
import { openNodeCore } from './nodeCore';
import { IpRateLimiter } from './ipRateLimiter';
import { loadOrCreateNodeKey } from './nodeKey';
import { createNodeMetrics } from './nodeMetrics';
import type { NodeStatus, NodeStatusSource } from './nodeStatus';
import type { NodeObserver } from './observer';
import { combineObservers } from './observer';

/** A node started by `startNode`: its real ports, its status, and how to stop it. */
export interface RunningNode extends NodeStatusSource {
  readonly ports: { readonly tcp: number; readonly ws?: number; readonly http?: number };
  readonly nodeId: Uint8Array;
  /** Prometheus registry with the node's metrics (`/metrics`). */
  readonly metrics: Registry;
  readonly core: NodeCore;
  /** Records a port opened by a service around the node (the HTTP server), for `/status`. */
  setPort(name: 'http', port: number): void;
  /** Every peer gets `Disconnect(Client quitting)`, the store is flushed and closed (CONTRACT.md §2). */
  stop(reason?: string): Promise<void>;
  /** Settles when the node has stopped, whoever stopped it. */
  readonly done: Promise<void>;
}

/** What an observer made at start-up knows of the node (its identity exists only once the store is open). */
export interface NodeStartInfo {
  readonly nodeId: Uint8Array;
  readonly listenPort: number;
  /** The node's clock: milliseconds since it started. */
  readonly now: () => number;
  /** The genesis it runs on, as read and checked at start (`--genesis`); undefined: PoC-3. */
  readonly genesis: Genesis | undefined;
}

export interface StartNodeOptions {
  /** More observers (e.g. the trace recorder), made once the node's identity and port are known. */
  readonly observers?: ReadonlyArray<(info: NodeStartInfo) => NodeObserver>;
}

/** A start-up failure the operator can act on: one line, no stack. */
export class StartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartError';
  }
}

async function loadGenesis(file: string | undefined): Promise<Genesis | undefined> {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err: unknown) {
    throw new StartError(
      `--genesis ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    );
  }
  try {
    return parseGenesis(text);
  } catch (err: unknown) {
    throw new StartError(`--genesis ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Runs the node as a service: LevelDB under `dataDir`, the node key, TCP (and WebSocket) listeners, the
 * dialer, metrics; the node system does the rest. The HTTP status page is started around it by the CLI.
 */
export async function startNode(
  config: NodeConfig,
  logger: pino.Logger,
  options: StartNodeOptions = {},
): Promise<RunningNode> {
  const genesis = await loadGenesis(config.genesis);
  await mkdir(config.dataDir, { recursive: true });
  const store = await LevelStore.open(config.dataDir);
  const listeners: Listener[] = [];
  let core: NodeCore | undefined;
  const ports: { tcp: number; ws?: number; http?: number } = { tcp: 0 };
  const limiter =
    config.maxInboundPerIpPerSecond > 0 ? new IpRateLimiter(config.maxInboundPerIpPerSecond) : undefined;
  // Connections that arrive while the store is still opening are refused rather than queued unbounded;
  // so are those past the per-IP rate (a connect flood costs an accept and a close, no machine).
  const onConnection = (connection: Connection): void => {
    if (limiter && !limiter.allow(connection.remoteAddress, performance.now())) connection.abort();
    else if (core) core.accept(connection, 'inbound');
    else connection.abort();
  };
  try {
    const key = await loadOrCreateNodeKey(store);
    const tcp = await listenTcp({
      host: config.host,
      port: config.port,
      maxPendingBytes: config.maxPendingWriteBytes,
      onConnection,
    });
    listeners.push(tcp);
    ports.tcp = tcp.port;
    if (config.wsPort !== undefined) {
      const ws = await listenWs({
        host: config.host,
        port: config.wsPort,
        maxPendingBytes: config.maxPendingWriteBytes,
        onConnection,
      });
      listeners.push(ws);
      ports.ws = ws.port;
    }
    const startedAt = performance.now();
    const now = (): number => Math.round(performance.now() - startedAt);
    // The metrics read the status at scrape time; the core exists by then.
    const holder: { core?: NodeCore } = {};
    const metrics = createNodeMetrics({ source: (): NodeStatus => holder.core!.status() });
    const info: NodeStartInfo = { nodeId: key.nodeId, listenPort: ports.tcp, now, genesis };
    const observer = combineObservers([metrics, ...(options.observers ?? []).map((make) => make(info))]);
    core = await openNodeCore({
      store,
      config,
      ...(genesis && { genesis }),
      nodeId: key.nodeId,
      listenPort: ports.tcp,
      dial: (host, port) => dialTcp({ host, port, maxPendingBytes: config.maxPendingWriteBytes }),
      now,
      observer,
      logger,
      ports: () => ({ ...ports }),
    });
    holder.core = core;
    const running = core;
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        await Promise.all(listeners.map((l) => l.close()));
        await running.stop();
        await store.close();
      })());
    const done = running.done.then(() => stop());
    return {
      ports,
      nodeId: key.nodeId,
      metrics: metrics.registry,
      core: running,
      setPort: (name, port) => {
        ports[name] = port;
      },
      status: () => running.status(),
      onPeerState: (listener) => running.onPeerState(listener),
      stop,
      done,
    };
  } catch (err: unknown) {
    await Promise.allSettled(listeners.map((l) => l.close()));
    await store.close();
    throw err;
  }
}
