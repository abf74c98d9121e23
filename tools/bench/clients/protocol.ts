import type { NodeConfig } from '../../../actors/nodeConfig';
import type { ProfileShares } from '../profileShares';
import type { BenchOptions, BenchResult } from '../types';

/**
 * The messages between a benchmark and its helper processes (IPC, structured clone). One union for all
 * helpers keeps BenchChild simple; each helper answers the ones that concern it.
 */
export type Message =
  | { readonly type: 'exit' }
  | { readonly type: 'error'; readonly message: string }
  // The node host (clients/nodeHost.ts): a node, or a bare server that stands in for it as a baseline.
  | { readonly type: 'startNode'; readonly config: Partial<NodeConfig> }
  | { readonly type: 'startRawRelay' }
  | { readonly type: 'startRawHandshakes' }
  | { readonly type: 'started'; readonly port: number }
  /** Check the signatures of the first `count` transactions of `file` now (the node remembers verdicts). */
  | { readonly type: 'prevalidate'; readonly file: string; readonly count: number }
  | { readonly type: 'prevalidated'; readonly ms: number }
  | { readonly type: 'sample' }
  | { readonly type: 'sampled'; readonly sample: HostSample }
  | { readonly type: 'gc' }
  | { readonly type: 'collected'; readonly rss: number; readonly heapUsed: number }
  | { readonly type: 'delayStart' }
  | { readonly type: 'delayStop' }
  | { readonly type: 'delay'; readonly delay: LoopDelay }
  /** Profile the main thread for `ms` (the inspector's CPU profiler) and say who its time went to. */
  | { readonly type: 'profile'; readonly ms: number }
  | {
      readonly type: 'profiled';
      readonly shares: ProfileShares;
      readonly handshakes: number;
      /** How long the handshakes were counted (the profile's window, ≥ the `ms` asked for). */
      readonly windowMs: number;
    }
  // The simulator host (clients/simHost.ts).
  | {
      readonly type: 'simulate';
      readonly nodes: number;
      readonly degree: number;
      readonly txs: number;
      readonly seed: number;
    }
  | { readonly type: 'simulated'; readonly result: SimRun }
  // XState's own cost, measured in a process of its own (clients/xstateFloorHost.ts).
  | { readonly type: 'floor'; readonly options: BenchOptions }
  | { readonly type: 'floored'; readonly results: readonly BenchResult[] }
  // Load generators.
  | { readonly type: 'handshakes'; readonly target: Target; readonly concurrency: number }
  | {
      readonly type: 'connect';
      readonly target: Target;
      readonly count: number;
      readonly concurrency: number;
    }
  | { readonly type: 'connected'; readonly open: number; readonly failed: number }
  | { readonly type: 'startPinging'; readonly intervalMs: number }
  | {
      readonly type: 'stream';
      readonly target: Target;
      readonly file: string;
      /** Cycle through the first `count` transactions of the file. */
      readonly count: number;
      readonly transactionsPerFrame: number;
      /** Transactions sent and not yet seen by every receiver, at most. */
      readonly window: number;
    }
  | { readonly type: 'report' }
  | { readonly type: 'reported'; readonly report: ClientReport };

export interface Target {
  readonly host: string;
  readonly port: number;
}

/** What the node host measured of itself since it started. */
export interface HostSample {
  readonly atMs: number;
  readonly rss: number;
  readonly heapUsed: number;
  /** process.cpuUsage(), user + system, in microseconds. */
  readonly cpuUs: number;
  readonly handshakes: number;
  readonly peers: number;
}

/** Event-loop delay (perf_hooks.monitorEventLoopDelay) between delayStart and delayStop, in milliseconds. */
export interface LoopDelay {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly samples: number;
}

/** Counters of a load generator since it started. */
export interface ClientReport {
  readonly atMs: number;
  /** Handshakes completed (the node's GetPeers, sent once it admitted us, received). */
  readonly handshakes: number;
  readonly failed: number;
  readonly open: number;
  readonly pingsSent: number;
  readonly pongs: number;
  readonly transactionsSent: number;
  readonly transactionsReceived: number;
  /** CPU time of the client process so far (user + system, all its threads, µs). */
  readonly cpuUs: number;
}

/** One `simulate` run as the simulator host measured it. */
export interface SimRun {
  readonly wallMs: number;
  /** process.cpuUsage() during the run, user + system, in microseconds. */
  readonly cpuUs: number;
  readonly complete: boolean;
  /** Transactions that reached every node. */
  readonly reachedAll: number;
  readonly deliveries: number;
  readonly simulatedMs: number;
  /** Simulated ms until 100% of nodes held a transaction, at the transactions' 50th and 100th percentile. */
  readonly fullReachP50Ms: number | null;
  readonly fullReachMaxMs: number | null;
}
