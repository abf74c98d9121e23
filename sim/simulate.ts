import { toHex, transactionHash } from '../chain';
import type { NodeCore } from '../actors/nodeCore';
import type { Transaction } from '../wire';
import { EventClock } from './eventClock';
import { startInjectionClient } from './injectionClient';
import { Prng } from './prng';
import type { PropagationCurve, ReachRow } from './propagationStats';
import { propagationCurves, reachTable } from './propagationStats';
import { PropagationTracker } from './propagationTracker';
import { createSignedTransactions } from './signedTransactions';
import type { ResolvedSimulateOptions, SimulateOptions } from './simulationOptions';
import { resolveSimulateOptions } from './simulationOptions';
import { SimulationError, SimulationErrorCode } from './simulationError';
import { openSimNetwork } from './simNetwork';
import type { SimNetwork } from './simNetwork';
import { buildTopology } from './topology';

export interface SimulatedTransaction {
  readonly hash: string;
  /** The node it was injected at. */
  readonly origin: number;
  /**
   * When the origin took it in from the injecting client (simulated ms); reach times count from here.
   * Null when the origin refused the client.
   */
  readonly injectedAtMs: number | null;
  /** Nodes that held it when the run ended. */
  readonly reached: number;
}

/** Everything `pocnode simulate` reports; the same options give the same result, field for field. */
export interface SimulationResult {
  readonly options: ResolvedSimulateOptions;
  readonly topology: { readonly links: number; readonly minDegree: number; readonly maxDegree: number };
  /** Node-to-node handshakes completed before the first injection (two per link when all went well). */
  readonly handshakes: number;
  /** Every transaction reached every node before the time limit. */
  readonly complete: boolean;
  /** Simulated time when the figures were taken: all reached and nothing left in flight, or the limit. */
  readonly simulatedMs: number;
  /** Injections the node refused (it closed before saying Hello); their transactions never entered. */
  readonly failedInjections: number;
  readonly reachMs: readonly ReachRow[];
  /** Transactions frames nodes sent to each other from the first injection on. */
  readonly txFrames: number;
  readonly framesPerTxPerNode: number;
  /** Copies received by nodes (from peers, and the one from the injecting client). */
  readonly deliveries: number;
  /** Copies a node received while it already held the transaction. */
  readonly duplicates: number;
  readonly duplicatesPerTxPerNode: number;
  /** Frames of any kind sent by all nodes during the whole run (handshakes included). */
  readonly framesTotal: number;
  readonly curves: readonly PropagationCurve[];
  readonly transactions: readonly SimulatedTransaction[];
}

interface Injection {
  readonly at: number;
  readonly origin: number;
  readonly latencyMs: number;
}

/** The simulator's one yield: lets the chain-manager actors finish their (promise-based) work at this instant. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Runs `pocnode simulate`: N full nodes (real supervisor, peer machines, chain manager and pool) over
 * in-memory links on one simulated clock, T transactions injected by protocol-speaking clients at random
 * nodes and times, until every transaction reached every node and nothing is in flight, or the time limit.
 * Then every node is stopped as `pocnode start` stops (Client quitting, grace, flush).
 * @throws SimulationError SIM_BAD_OPTION; SIM_SETUP or SIM_SHUTDOWN if a node fails to open or to stop
 */
export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const o = resolveSimulateOptions(options);
  const clock = new EventClock();
  const topology = buildTopology(o.nodes, o.degree, new Prng(o.seed, 'topology'));
  const transactions = createSignedTransactions(o.txs, new Prng(o.seed, 'transactions'));
  const hashes = transactions.map((tx) => toHex(transactionHash(tx)));
  const tracker = new PropagationTracker(hashes, o.nodes);
  const network = await openSimNetwork({ options: o, topology, clock, tracker, clients: o.txs });

  const injectPrng = new Prng(o.seed, 'injections');
  const injections: Injection[] = transactions.map(() => ({
    at: o.warmupMs + Math.floor(injectPrng.next() * o.injectWindowMs),
    origin: injectPrng.int(0, o.nodes - 1),
    latencyMs: injectPrng.int(o.minLatencyMs, o.maxLatencyMs),
  }));
  let injected = 0;
  let failedInjections = 0;
  let handshakes: number | undefined;
  injections.forEach((inj, k) =>
    clock.setTimeout(() => {
      if (handshakes === undefined) {
        handshakes = network.linkHandshakes;
        network.startCounting();
      }
      inject(network, k, inj, transactions[k]!, () => failedInjections++);
      injected++;
    }, inj.at),
  );

  let cut = false;
  for (;;) {
    if (injected === o.txs && tracker.complete && network.inFlight === 0) break;
    const next = clock.nextDue();
    if (next === undefined) break;
    if (next > o.timeLimitMs) {
      cut = true;
      break;
    }
    clock.runNext();
    await settle();
  }
  const simulatedMs = cut ? o.timeLimitMs : clock.now();
  const counts = network.counts();
  await stopAll(network, clock);

  const arrivals = tracker.arrivals();
  const perTxNode = o.txs * o.nodes;
  return {
    options: o,
    topology: { links: topology.links.length, minDegree: topology.minDegree, maxDegree: topology.maxDegree },
    handshakes: handshakes ?? network.linkHandshakes,
    complete: tracker.complete,
    simulatedMs,
    failedInjections,
    reachMs: reachTable(arrivals, o.nodes),
    txFrames: counts.txFrames,
    framesPerTxPerNode: round(counts.txFrames / perTxNode),
    deliveries: tracker.deliveries,
    duplicates: tracker.duplicates,
    duplicatesPerTxPerNode: round(tracker.duplicates / perTxNode),
    framesTotal: counts.framesTotal,
    curves: propagationCurves(arrivals, o.nodes),
    transactions: transactions.map((_, k) => ({
      hash: hashes[k]!,
      origin: injections[k]!.origin,
      injectedAtMs: tracker.enteredAt(k) ?? null,
      reached: tracker.reachedBy(k),
    })),
  };
}

function inject(network: SimNetwork, k: number, inj: Injection, tx: Transaction, failed: () => void): void {
  const connection = network.connectClient(inj.origin, k, inj.latencyMs);
  startInjectionClient(connection, {
    networkId: network.networkId,
    clientId: 'pocnode-sim-client',
    nodeId: network.clientNodeId(k),
    transactions: [tx],
    onDone: (outcome) => {
      if (outcome === 'refused') failed();
    },
  });
}

/** Stops every node (Client quitting to each peer, the grace, the flush) and runs the clock until all have. */
async function stopAll(network: SimNetwork, clock: EventClock): Promise<void> {
  let running = network.cores.length;
  const stopped = network.cores.map((core: NodeCore) =>
    core.stop().finally(() => {
      running--;
    }),
  );
  await settle();
  while (running > 0 && clock.runNext() !== undefined) await settle();
  // Nothing left on the clock can finish a stop: waiting longer would hang.
  if (running > 0) {
    throw new SimulationError(SimulationErrorCode.Shutdown, `${running} nodes did not stop`);
  }
  await Promise.all(stopped);
  await network.close();
}
