import { DEFAULT_MAX_POOLED_TRANSACTIONS } from '../chain/txPool';
import { SimulationError, SimulationErrorCode } from './simulationError';

export interface SimulateOptions {
  readonly nodes: number;
  /** Links per node (the topology is a random connected graph, see sim/topology.ts). */
  readonly degree: number;
  readonly txs: number;
  readonly seed: number;
  /** One-way latency of each link, drawn once per link from the seed (default 1–50 ms). */
  readonly minLatencyMs?: number;
  readonly maxLatencyMs?: number;
  /** Quiet time before the first transaction, for every handshake to finish (default 1 s). */
  readonly warmupMs?: number;
  /** Transactions are injected at random times in [warmup, warmup + window) (default 2 s). */
  readonly injectWindowMs?: number;
  /** The run stops at this simulated time even if some transaction has not reached every node (default warmup + window + 60 s). */
  readonly timeLimitMs?: number;
}

export type ResolvedSimulateOptions = Required<SimulateOptions>;

/** Largest network the simulator accepts: node addresses are 10.x.y.z. */
export const MAX_SIM_NODES = 1 << 24;

const DEFAULTS = { minLatencyMs: 1, maxLatencyMs: 50, warmupMs: 1000, injectWindowMs: 2000 } as const;

function check(ok: boolean, message: string): void {
  if (!ok) throw new SimulationError(SimulationErrorCode.BadOption, message);
}

const isInt = (x: number, min: number, max = Number.MAX_SAFE_INTEGER): boolean =>
  Number.isSafeInteger(x) && x >= min && x <= max;

/**
 * Fills in the defaults and checks every value.
 * @throws SimulationError SIM_BAD_OPTION naming the first bad option
 */
export function resolveSimulateOptions(options: SimulateOptions): ResolvedSimulateOptions {
  const { nodes, degree, txs, seed } = options;
  check(isInt(nodes, 2, MAX_SIM_NODES), `--nodes must be an integer in [2, ${MAX_SIM_NODES}], got ${nodes}`);
  const minDegree = Math.min(2, nodes - 1);
  check(
    isInt(degree, minDegree, nodes - 1),
    `--degree must be an integer in [${minDegree}, ${nodes - 1}] for ${nodes} nodes, got ${degree}`,
  );
  // Past the pool's bound the oldest transaction is evicted and would come back as new.
  check(
    isInt(txs, 1, DEFAULT_MAX_POOLED_TRANSACTIONS),
    `--txs must be an integer in [1, ${DEFAULT_MAX_POOLED_TRANSACTIONS}], got ${txs}`,
  );
  check(isInt(seed, 0), `--seed must be a non-negative integer, got ${seed}`);
  const minLatencyMs = options.minLatencyMs ?? DEFAULTS.minLatencyMs;
  const maxLatencyMs = options.maxLatencyMs ?? DEFAULTS.maxLatencyMs;
  // At least 1 ms: a delivery must never land in the same instant it was sent.
  check(isInt(minLatencyMs, 1), `minLatencyMs must be an integer ≥ 1, got ${minLatencyMs}`);
  check(
    isInt(maxLatencyMs, minLatencyMs),
    `maxLatencyMs must be an integer ≥ minLatencyMs, got ${maxLatencyMs}`,
  );
  const warmupMs = options.warmupMs ?? DEFAULTS.warmupMs;
  const injectWindowMs = options.injectWindowMs ?? DEFAULTS.injectWindowMs;
  check(isInt(warmupMs, 0), `warmupMs must be a non-negative integer, got ${warmupMs}`);
  check(isInt(injectWindowMs, 1), `injectWindowMs must be a positive integer, got ${injectWindowMs}`);
  const timeLimitMs = options.timeLimitMs ?? warmupMs + injectWindowMs + 60_000;
  check(
    isInt(timeLimitMs, warmupMs + injectWindowMs),
    `timeLimitMs must be an integer ≥ warmupMs + injectWindowMs, got ${timeLimitMs}`,
  );
  return { nodes, degree, txs, seed, minLatencyMs, maxLatencyMs, warmupMs, injectWindowMs, timeLimitMs };
}
