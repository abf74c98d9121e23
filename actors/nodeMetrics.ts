import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { CommandName, DisconnectReasonName } from '../wire';
import { COMMAND_NAMES, DisconnectReason, WireErrorCode, disconnectReasonName } from '../wire';
import type { PeerDirection } from '../machines/peerMachine';
import { peerMachine } from '../machines/peerMachine';
import type { NodeStatus } from './nodeStatus';
import type { NodeObserver } from './observer';

export interface NodeMetricsOptions {
  /** Where the metrics are registered; a fresh registry when absent (the global one would clash across nodes). */
  readonly registry?: Registry;
  /** The node's status, read at scrape time for the gauges (peers, pool, head…). */
  readonly source?: () => NodeStatus;
  /** prom-client's process and Node.js metrics, event-loop lag among them (default true). */
  readonly defaultMetrics?: boolean;
}

/** The node's Prometheus metrics: feed it as a NodeObserver, scrape `registry`. */
export interface NodeMetrics extends Required<NodeObserver> {
  readonly registry: Registry;
}

const DIRECTIONS: readonly PeerDirection[] = ['inbound', 'outbound'];
const SIDES = ['local', 'remote'] as const;
/** Labels for a Disconnect without a reason (the socket just closed) and for a code the protocol lacks. */
const NO_REASON = 'none';
const UNKNOWN_REASON = 'unknown';
/** Handshakes are fast on a LAN and bounded by helloTimeout (5 s, CONTRACT.md §3). */
const HANDSHAKE_BUCKETS_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The peer machine's top-level states, read from its definition so a new state gets a series at once. */
const PEER_STATES: readonly string[] = Object.keys(peerMachine.root.states);
/** Where a new connection starts (`awaitingHello`), until the first state change is observed. */
const INITIAL_STATE: string = peerMachine.root.initial.target[0]?.key ?? 'awaitingHello';

/** Plain numbers for the hot path: one object per command and direction, allocated once. */
interface FrameTally {
  frames: number;
  bytes: number;
}

type CommandTallies = Readonly<Record<CommandName, FrameTally>>;

function commandTallies(): CommandTallies {
  const tallies = {} as Record<CommandName, FrameTally>;
  for (const command of COMMAND_NAMES) tallies[command] = { frames: 0, bytes: 0 };
  return tallies;
}

/**
 * A labelled child, bound once and exported at zero from the start: Prometheus' rate() and absent()
 * need the series to exist before its first event. (prom-client still hashes the labels on every
 * `inc`, about a microsecond, so these serve the once-a-connection events only.)
 */
function bind(counter: Counter, ...labels: string[]): Counter.Internal {
  const child = counter.labels(...labels);
  child.inc(0);
  return child;
}

/** Copies tallies into a counter at scrape time (collect runs just before the registry reads it). */
function publish(counter: Counter, tallies: Array<[Record<string, string>, number]>): void {
  counter.reset();
  for (const [labels, value] of tallies) counter.inc(labels, value);
}

/**
 * Metrics of a node (`pocnode_*`). A frame or a chunk on the hot path costs two additions to numbers
 * allocated here; they, and the gauges that describe the node (peers, pool, head, read from `source`),
 * reach prom-client only when Prometheus scrapes.
 */
export function createNodeMetrics(options: NodeMetricsOptions = {}): NodeMetrics {
  const registry = options.registry ?? new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  // Peers as the observer saw them, for scrapes without a status source; with one, nothing is kept per
  // peer here (a record and its Map entry were ~80 B an idle peer, tools/bench/heapPerPeer).
  const tracked =
    options.source === undefined ? new Map<number, { direction: PeerDirection; state: string }>() : undefined;

  // Per frame and per chunk: a couple of additions to plain numbers, published when scraped.
  const framesIn = commandTallies();
  const framesOut = commandTallies();
  const chunkBytes = { in: 0, out: 0 };
  const frameSeries = (read: (t: FrameTally) => number): Array<[Record<string, string>, number]> =>
    COMMAND_NAMES.flatMap((command): Array<[Record<string, string>, number]> => [
      [{ direction: 'in', command }, read(framesIn[command])],
      [{ direction: 'out', command }, read(framesOut[command])],
    ]);
  new Counter({
    name: 'pocnode_frames_total',
    help: 'Frames received (in) and sent (out), by command',
    labelNames: ['direction', 'command'] as const,
    registers,
    collect() {
      publish(
        this,
        frameSeries((t) => t.frames),
      );
    },
  });
  new Counter({
    name: 'pocnode_frame_bytes_total',
    help: 'Bytes of frames (header included) received and sent, by command',
    labelNames: ['direction', 'command'] as const,
    registers,
    collect() {
      publish(
        this,
        frameSeries((t) => t.bytes),
      );
    },
  });
  new Counter({
    name: 'pocnode_transport_bytes_total',
    help: 'Bytes read from and written to the transport, as chunks',
    labelNames: ['direction'] as const,
    registers,
    collect() {
      publish(this, [
        [{ direction: 'in' }, chunkBytes.in],
        [{ direction: 'out' }, chunkBytes.out],
      ]);
    },
  });

  const connectionsTotal = new Counter({
    name: 'pocnode_connections_total',
    help: 'Connections handed to the supervisor, by direction',
    labelNames: ['direction'] as const,
    registers,
  });
  const opened = { inbound: bind(connectionsTotal, 'inbound'), outbound: bind(connectionsTotal, 'outbound') };

  const wireErrors = new Counter({
    name: 'pocnode_wire_errors_total',
    help: 'Codec errors, by WireErrorCode (each ends the session with Bad protocol)',
    labelNames: ['code'] as const,
    registers,
  });
  const wireErrorByCode = new Map(Object.values(WireErrorCode).map((code) => [code, bind(wireErrors, code)]));

  const disconnects = new Counter({
    name: 'pocnode_disconnects_total',
    help: 'Closed connections, by Disconnect reason and by the side that ended them',
    labelNames: ['reason', 'by'] as const,
    registers,
  });
  const reasonLabels = [
    ...(Object.keys(DisconnectReason) as DisconnectReasonName[]),
    NO_REASON,
    UNKNOWN_REASON,
  ];
  const disconnectBy = new Map<string, Counter.Internal>();
  for (const reason of reasonLabels) {
    for (const by of SIDES) disconnectBy.set(`${reason}/${by}`, bind(disconnects, reason, by));
  }

  const handshake = new Histogram({
    name: 'pocnode_handshake_duration_seconds',
    help: 'From connection open to Hello received and admitted',
    buckets: HANDSHAKE_BUCKETS_S,
    registers,
  });

  new Gauge({
    name: 'pocnode_peers',
    help: 'Connections now, by peer machine state and direction',
    labelNames: ['state', 'direction'] as const,
    registers,
    collect() {
      this.reset();
      for (const state of PEER_STATES) for (const direction of DIRECTIONS) this.set({ state, direction }, 0);
      const current = options.source?.().peers ?? [...(tracked?.values() ?? [])];
      for (const peer of current) this.inc({ state: peer.state, direction: peer.direction });
    },
  });

  if (options.source !== undefined) {
    const source = options.source;
    const statusGauge = (name: string, help: string, read: (s: NodeStatus) => number): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read(source()));
        },
      });
    };
    statusGauge('pocnode_known_peers', 'Peers known from Peers messages and bootnodes', (s) => s.knownPeers);
    statusGauge('pocnode_tx_pool_size', 'Transactions in the pool', (s) => s.txPool);
    statusGauge('pocnode_head_height', 'Height of the best chain head', (s) => s.head.height);
    statusGauge('pocnode_orphans', 'Blocks kept while their parent is unknown', (s) => s.orphans);
    statusGauge('pocnode_uptime_seconds', 'Seconds since the node started', (s) => s.uptimeMs / 1000);
  }

  return {
    registry,
    connectionOpened(conn, direction) {
      opened[direction].inc();
      tracked?.set(conn, { direction, state: INITIAL_STATE });
    },
    chunkIn(_conn, chunk) {
      chunkBytes.in += chunk.length;
    },
    chunkOut(_conn, bytes) {
      chunkBytes.out += bytes.length;
    },
    frameIn(_conn, command, bytes) {
      const t = framesIn[command];
      t.frames++;
      t.bytes += bytes;
    },
    frameOut(_conn, command, bytes) {
      const t = framesOut[command];
      t.frames++;
      t.bytes += bytes;
    },
    wireError(_conn, code) {
      wireErrorByCode.get(code)?.inc();
    },
    peerState(conn, state) {
      const peer = tracked?.get(conn);
      if (peer !== undefined) peer.state = state;
    },
    handshakeCompleted(_conn, ms) {
      handshake.observe(ms / 1000);
    },
    connectionClosed(conn, by, reason) {
      tracked?.delete(conn);
      const name = reason === undefined ? NO_REASON : (disconnectReasonName(reason) ?? UNKNOWN_REASON);
      disconnectBy.get(`${name}/${by}`)?.inc();
    },
  };
}
