import type { Logger } from 'pino';
import { ChainManager } from '../chain';
import type { Genesis } from '../chain';
import { TransactionPool } from '../chain/txPool';
import type { Store } from '../store/store';
import type { Dial } from './dialerActor';
import { KnownPeers } from './knownPeers';
import type { NodeSystem, NodeSystemConfig, NodeSystemOptions } from './nodeSystem';
import { createNodeSystem } from './nodeSystem';
import type { NodeObserver } from './observer';

export interface NodeCoreOptions {
  readonly store: Store;
  readonly config: NodeSystemConfig;
  /** The chain's genesis; default the 2014 clients' PoC-3 genesis. */
  readonly genesis?: Genesis;
  readonly nodeId: Uint8Array;
  readonly listenPort: number;
  readonly dial: Dial;
  readonly clock?: NodeSystemOptions['clock'];
  readonly now: () => number;
  readonly observer?: NodeObserver;
  readonly logger?: Logger;
  readonly ports?: NodeSystemOptions['ports'];
}

/** The node system with the state it runs over: chain, transaction pool and known peers. */
export interface NodeCore extends NodeSystem {
  readonly chain: ChainManager;
  readonly pool: TransactionPool;
  readonly registry: KnownPeers;
  /** Stops the node (every peer gets Client quitting and its grace), then writes what is still pending. */
  stop(): Promise<void>;
}

/**
 * Opens chain, pool and registry over `store` (bringing back what an earlier run left) and starts the
 * node system on them. The caller owns the store and closes it after `stop()`.
 */
export async function openNodeCore(options: NodeCoreOptions): Promise<NodeCore> {
  const { store, logger } = options;
  const chain = await ChainManager.open(store, options.genesis ? { genesis: options.genesis } : {});
  const pool = new TransactionPool();
  const poolReport = await pool.load(store);
  const registry = new KnownPeers({ localNodeId: options.nodeId });
  const registryReport = await registry.load(store);
  logger?.info(
    {
      blocks: chain.blockCount,
      head: chain.head.height,
      transactions: poolReport.loaded,
      knownPeers: registryReport.loaded,
      dropped: { transactions: poolReport.dropped, knownPeers: registryReport.dropped },
    },
    'store opened',
  );
  const system = createNodeSystem({
    config: options.config,
    nodeId: options.nodeId,
    listenPort: options.listenPort,
    chain,
    pool,
    registry,
    dial: options.dial,
    now: options.now,
    ...(options.clock && { clock: options.clock }),
    ...(options.observer && { observer: options.observer }),
    ...(logger && { logger }),
    ...(options.ports && { ports: options.ports }),
  });
  return {
    ...system,
    chain,
    pool,
    registry,
    stop: async () => {
      await system.stop();
      await Promise.all([pool.flush(), registry.flush(), chain.flushed()]);
    },
  };
}
