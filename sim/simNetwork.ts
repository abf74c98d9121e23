import type { Dial } from '../actors/dialerActor';
import type { NodeCore } from '../actors/nodeCore';
import { openNodeCore } from '../actors/nodeCore';
import type { NodeSystemConfig } from '../actors/nodeSystem';
import type { NodeObserver } from '../actors/observer';
import { DEFAULT_NODE_CONFIG } from '../actors/nodeConfig';
import type { Connection } from '../transport/connection';
import { TransportError, TransportErrorCode } from '../transport/connection';
import { createMemoryPair } from '../transport/memory';
import { MemoryStore } from '../store/memoryStore';
import type { EventClock } from './eventClock';
import { Prng } from './prng';
import type { PropagationTracker } from './propagationTracker';
import type { ResolvedSimulateOptions } from './simulationOptions';
import { SimulationError, SimulationErrorCode } from './simulationError';
import type { Topology } from './topology';

/** The port every simulated node announces in Hello. */
export const SIM_LISTEN_PORT = 30303;
/** Injecting clients connect from TEST-NET-1 (RFC 5737), so a node's observer can tell them from peers. */
const CLIENT_HOST = '192.0.2.1';
const NETWORK_ID = 0;

export interface SimNetworkOptions {
  readonly options: ResolvedSimulateOptions;
  readonly topology: Topology;
  readonly clock: EventClock;
  readonly tracker: PropagationTracker;
  /** Injecting clients that will connect (each needs its own node id). */
  readonly clients: number;
}

export interface SimNetwork {
  readonly cores: readonly NodeCore[];
  readonly networkId: number;
  /** Deliveries scheduled on the clock and not yet run, over every link and client connection. */
  readonly inFlight: number;
  /** Node-to-node handshakes completed so far. */
  readonly linkHandshakes: number;
  /** From now on, Transactions frames between nodes are counted. */
  startCounting(): void;
  counts(): { readonly txFrames: number; readonly framesTotal: number };
  /** A new client connection to `node`; returns the client's end. */
  connectClient(node: number, client: number, latencyMs: number): Connection;
  clientNodeId(client: number): Uint8Array;
  /** Closes every node's store (after the nodes were stopped). */
  close(): Promise<void>;
}

const ipOf = (node: number): string => `10.${(node >>> 16) & 0xff}.${(node >>> 8) & 0xff}.${node & 0xff}`;

/** Nobody dials in the simulator: the topology is wired by handing both ends of each link to its nodes. */
const noDial: Dial = () =>
  Promise.reject(new TransportError(TransportErrorCode.Dial, 'the simulator wires its links itself'));

/**
 * Opens one node per topology vertex (each over its own MemoryStore, all on the one clock) and links
 * them: for each link a memory pair whose deliveries run on the clock after the link's latency, the
 * first end accepted as outbound by `a`, the other as inbound by `b`. Each node's pool is tapped so the
 * tracker sees every copy it is given.
 */
export async function openSimNetwork(sim: SimNetworkOptions): Promise<SimNetwork> {
  const { options: o, topology, clock, tracker } = sim;
  const idPrng = new Prng(o.seed, 'nodeIds');
  const latencyPrng = new Prng(o.seed, 'latency');
  const nodeIds = Array.from({ length: o.nodes }, () => idPrng.bytes(64));
  const clientIds = Array.from({ length: sim.clients }, () => idPrng.bytes(64));
  // Room for every link plus clients arriving together; handshakes all start at once.
  const room = topology.maxDegree + 64;
  const config: NodeSystemConfig = {
    ...DEFAULT_NODE_CONFIG,
    networkId: NETWORK_ID,
    clientId: 'pocnode-sim',
    maxPeers: room,
    dial: false,
    bootnodes: [],
    maxPendingHandshakes: Math.max(DEFAULT_NODE_CONFIG.maxPendingHandshakes, room),
  };

  let linkHandshakes = 0;
  let counting = false;
  let txFrames = 0;
  let framesTotal = 0;
  // Deliveries are the clock's counted timers: no wrapping closure per delivery to count them.
  const scheduleAfter =
    (latencyMs: number) =>
    (fn: () => void): void => {
      clock.setCountedTimeout(fn, latencyMs);
    };

  const stores = nodeIds.map(() => new MemoryStore());
  const cores: NodeCore[] = [];
  for (let node = 0; node < o.nodes; node++) {
    const clientConns = new Set<number>();
    // Only the hooks the figures need: each is called on the hot path.
    const observer: NodeObserver = {
      connectionOpened: (conn, _direction, remote) => {
        if (remote.startsWith(`${CLIENT_HOST}:`)) clientConns.add(conn);
      },
      frameOut: (conn, command) => {
        framesTotal++;
        if (counting && command === 'Transactions' && !clientConns.has(conn)) txFrames++;
      },
      handshakeCompleted: (conn) => {
        if (!clientConns.has(conn)) linkHandshakes++;
      },
    };
    let core: NodeCore;
    try {
      core = await openNodeCore({
        store: stores[node]!,
        config,
        nodeId: nodeIds[node]!,
        listenPort: SIM_LISTEN_PORT,
        dial: noDial,
        clock,
        now: () => clock.now(),
        observer,
      });
    } catch (err: unknown) {
      throw new SimulationError(SimulationErrorCode.Setup, `node ${node} did not open`, { cause: err });
    }
    const pool = core.pool;
    const add = pool.add.bind(pool);
    pool.add = (txs, fromPeer) => {
      const fresh = add(txs, fromPeer);
      tracker.added(node, txs.length, fresh, clock.now());
      return fresh;
    };
    cores.push(core);
  }

  topology.links.forEach(({ a, b }, i) => {
    const [endA, endB] = createMemoryPair({
      schedule: scheduleAfter(latencyPrng.int(o.minLatencyMs, o.maxLatencyMs)),
      // Every writer here (the peers' connections, which encode a message once and never write into the frame,
      // and the injection clients) leaves its bytes alone, and readers only read: no copy per delivery.
      copyWrites: false,
      remoteA: `${ipOf(b)}:${SIM_LISTEN_PORT}`,
      // The dialling side's ephemeral port.
      remoteB: `${ipOf(a)}:${32768 + (i % 28232)}`,
    });
    cores[a]!.accept(endA, 'outbound');
    cores[b]!.accept(endB, 'inbound');
  });

  return {
    cores,
    networkId: NETWORK_ID,
    get inFlight() {
      return clock.pendingCounted;
    },
    get linkHandshakes() {
      return linkHandshakes;
    },
    startCounting: () => {
      counting = true;
    },
    counts: () => ({ txFrames, framesTotal }),
    connectClient: (node, client, latencyMs) => {
      const [clientEnd, nodeEnd] = createMemoryPair({
        schedule: scheduleAfter(latencyMs),
        copyWrites: false,
        remoteA: `${ipOf(node)}:${SIM_LISTEN_PORT}`,
        remoteB: `${CLIENT_HOST}:${32768 + (client % 28232)}`,
      });
      cores[node]!.accept(nodeEnd, 'inbound');
      return clientEnd;
    },
    clientNodeId: (client) => clientIds[client]!,
    close: async () => {
      await Promise.all(stores.map((s) => s.close()));
    },
  };
}
