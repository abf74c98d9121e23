import { createActor } from 'xstate';
import type { ActorOptions } from 'xstate';
import type { Logger } from 'pino';
import type { ChainManager } from '../chain';
import type { PeerDirection } from '../machines/peerMachine';
import { peerMachine } from '../machines/peerMachine';
import { supervisorMachine } from '../machines/supervisorMachine';
import type { Connection } from '../transport/connection';
import { createChainManagerActor } from './chainManagerActor';
import type { PoolPort } from './chainManagerActor';
import { createConnectionActions } from './connectionActions';
import { DEFAULT_FRAME_BUDGET_PER_SECOND } from './frameBudget';
import type { Dial } from './dialerActor';
import { createDialerActor } from './dialerActor';
import type { RegistryPort } from './knownPeersActor';
import { createKnownPeersActor } from './knownPeersActor';
import type { NodeConfig } from './nodeConfig';
import type { NodeStatus, NodeStatusSource, PeerStateChange, PeerStatus } from './nodeStatus';
import type { NodeObserver } from './observer';
import { createPeerStateTracker, hex, topState } from './peerStateTracker';

/** How often the supervisor asks the registry whom to dial. */
export const DIAL_INTERVAL_MS = 5000;

export type NodeSystemConfig = Pick<
  NodeConfig,
  | 'networkId'
  | 'clientId'
  | 'maxPeers'
  | 'dial'
  | 'bootnodes'
  | 'helloTimeoutMs'
  | 'pingIntervalMs'
  | 'pingTimeoutMs'
  | 'disconnectGraceMs'
  | 'maxFrameBytes'
  | 'maxPendingHandshakes'
> &
  /** Optional so callers built before it (replay) keep compiling; default DEFAULT_FRAME_BUDGET_PER_SECOND. */
  Partial<Pick<NodeConfig, 'frameBudgetPerSecond'>>;

export interface NodeSystemOptions {
  readonly config: NodeSystemConfig;
  readonly nodeId: Uint8Array;
  /** The port we announce in Hello (the listener's real port; 0 = not listening). */
  readonly listenPort: number;
  readonly chain: ChainManager;
  readonly pool: PoolPort;
  readonly registry: RegistryPort;
  readonly dial: Dial;
  /** XState's clock: real timers in the service, a SimulatedClock in tests, replay and the simulator. */
  readonly clock?: ActorOptions<typeof supervisorMachine>['clock'];
  /** Milliseconds on the same clock as `clock` (for `since`, handshake durations and the registry). */
  readonly now: () => number;
  readonly observer?: NodeObserver;
  readonly logger?: Logger;
  /** Extra `/status` fields the service knows (ports, known peers). */
  readonly ports?: () => NodeStatus['ports'];
}

export interface NodeSystem extends NodeStatusSource {
  /** Hands a transport connection (accepted or dialled) to the supervisor. */
  accept(connection: Connection, direction: PeerDirection): void;
  /** Every peer gets Disconnect(Client quitting); resolves when all have closed (after the grace). */
  stop(): Promise<void>;
  readonly done: Promise<void>;
}

/**
 * The node without its sockets: supervisor, peer machines, chain manager, registry and dialer, wired
 * together. The service adds LevelDB and listeners around it; replay and the simulator run it on a
 * simulated clock over scripted or in-memory connections.
 */
export function createNodeSystem(options: NodeSystemOptions): NodeSystem {
  const { config, observer = {}, logger, now } = options;
  const startedAt = now();
  const listeners = new Set<(change: PeerStateChange) => void>();
  const nodeIdHex = hex(options.nodeId)!;

  const frameBudgetPerSecond = config.frameBudgetPerSecond ?? DEFAULT_FRAME_BUDGET_PER_SECOND;
  const connectionActions = createConnectionActions(observer, {
    now,
    ...(frameBudgetPerSecond > 0 && { framesPerSecond: frameBudgetPerSecond }),
  });
  const machine = supervisorMachine.provide({
    actors: {
      peer: peerMachine.provide({ actions: connectionActions }),
      chainManager: createChainManagerActor(options.chain, options.pool, logger),
      knownPeers: createKnownPeersActor({
        registry: options.registry,
        now,
        targetPeers: Math.min(config.maxPeers, 8),
        bootnodes: config.bootnodes,
        ...(logger && { logger }),
      }),
      dialer: createDialerActor(options.dial),
    },
  });

  const tracker = createPeerStateTracker({ now, startedAt, observer, logger, listeners });

  const supervisor = createActor(machine, {
    input: {
      local: {
        networkId: config.networkId,
        clientId: config.clientId,
        listenPort: options.listenPort,
        nodeId: options.nodeId,
      },
      timers: {
        helloTimeoutMs: config.helloTimeoutMs,
        pingIntervalMs: config.pingIntervalMs,
        pingTimeoutMs: config.pingTimeoutMs,
        disconnectGraceMs: config.disconnectGraceMs,
      },
      maxFrameBytes: config.maxFrameBytes,
      maxPeers: config.maxPeers,
      maxPendingHandshakes: config.maxPendingHandshakes,
      dial: config.dial,
      dialIntervalMs: DIAL_INTERVAL_MS,
    },
    ...(options.clock && { clock: options.clock }),
  });

  const done = new Promise<void>((resolve) => {
    supervisor.subscribe({
      next: (snapshot) => tracker.supervisorChanged(snapshot.context),
      complete: () => resolve(),
      error: (err: unknown) => {
        logger?.error({ err }, 'supervisor failed');
        // Its peers are not XState children that stop with it (machines/supervisorMachine.ts): cut their
        // transports, so each machine closes and stops itself and no socket outlives the supervisor.
        for (const p of supervisor.getSnapshot().context.table.peers.values()) p.connection.abort();
        resolve();
      },
    });
  });
  supervisor.start();

  const status = (): NodeStatus => {
    const ctx = supervisor.getSnapshot().context;
    const peers: PeerStatus[] = [];
    for (const p of ctx.table.peers.values()) {
      const snap = p.ref.getSnapshot();
      const since = tracker.since(p.connId);
      peers.push({
        conn: p.connId,
        nodeId: hex(snap.context.remoteHello?.nodeId),
        clientId: snap.context.remoteHello?.clientId,
        remote: p.remote,
        direction: p.direction,
        state: topState(snap.value),
        stateValue: snap.value,
        since: (since ?? startedAt) - startedAt,
      });
    }
    const head = options.chain.head;
    return {
      nodeId: nodeIdHex,
      clientId: config.clientId,
      networkId: config.networkId,
      ports: options.ports?.() ?? { tcp: options.listenPort },
      peers,
      knownPeers: options.registry.size,
      txPool: options.pool.size,
      head: { hash: head.hashHex, height: head.height, totalDifficulty: head.totalDifficulty.toString() },
      orphans: options.chain.orphanCount,
      uptimeMs: now() - startedAt,
    };
  };

  return {
    accept: (connection, direction) => supervisor.send({ type: 'connection.opened', connection, direction }),
    stop: async () => {
      supervisor.send({ type: 'node.stop' });
      await done;
    },
    done,
    status,
    onPeerState: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
