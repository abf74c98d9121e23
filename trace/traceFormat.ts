import type { NodeSystemConfig } from '../actors/nodeSystem';
import type { Genesis } from '../chain';
import { toHex } from '../chain/blockHash';
import { CAPABILITIES_ALL, PROTOCOL_VERSION } from '../wire';
import { recordedGenesis, traceChainOf } from './traceGenesis';

/** The `pocnodeTrace` value of the header line of the format described here (CONTRACT.md §4). */
export const TRACE_FORMAT_VERSION = 1;

/** Who the recorded node was: what it says in Hello, so that replay can be the same node. */
export interface TraceNode {
  readonly clientId: string;
  /** Hex of the 64-byte node id. */
  readonly nodeId: string;
  readonly networkId: number;
  readonly protocolVersion: number;
  readonly capabilities: number;
  readonly listenPort: number;
}

/** The timers (ms) and limits the node ran with; replay runs with the same ones. */
export interface TraceConfig {
  readonly helloTimeoutMs: number;
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  readonly disconnectGraceMs: number;
  readonly maxFrameBytes: number;
  readonly maxPeers: number;
  readonly maxPendingHandshakes: number;
  /** Informational: replay connections never hold unflushed bytes, so this bound cannot trip there. */
  readonly maxPendingWriteBytes?: number;
}

/**
 * The chain the node started from: its genesis block (`--genesis`, default PoC-3). An extra header field
 * (CONTRACT.md lets the project add fields); a header without it means the PoC-3 genesis.
 */
export interface TraceChain {
  /** Hex of the genesis block's hash: a check on `genesisRlp`. */
  readonly genesisHash: string;
  /** Hex of the genesis block's RLP, from which replay rebuilds it. */
  readonly genesisRlp: string;
}

export interface TraceHeader {
  readonly pocnodeTrace: typeof TRACE_FORMAT_VERSION;
  readonly node: TraceNode;
  readonly config: TraceConfig;
  /** Absent in traces written before it existed: replay then uses the PoC-3 genesis. */
  readonly chain?: TraceChain;
}

/**
 * A peer machine's state value exactly as XState gives it: `"disconnecting"`, `{"active":"idle"}`,
 * `{"awaitingHello":"waitingForHello"}`. We keep the full (nested) value rather than the top state so a
 * trace shows keep-alive pings (`{"active":"pinging"}`) and admission; the top state is its only key.
 */
export type TraceStateValue = string | { readonly [state: string]: TraceStateValue };

/** Which side opened a connection: `in` accepted, `out` dialled. */
export type TraceDirection = 'in' | 'out';

export type TraceEvent =
  | {
      readonly t: number;
      readonly conn: number;
      readonly ev: 'open';
      readonly dir: TraceDirection;
      readonly remote: string;
    }
  /** Bytes as received, one event per transport chunk (frames may span chunks). */
  | { readonly t: number; readonly conn: number; readonly ev: 'in'; readonly hex: string }
  /** Bytes the node wrote: one frame per event. */
  | { readonly t: number; readonly conn: number; readonly ev: 'out'; readonly hex: string }
  | { readonly t: number; readonly conn: number; readonly ev: 'state'; readonly value: TraceStateValue }
  /**
   * Who closed the transport. `remote` also when the peer hung up during our disconnect grace (the 2014
   * clients closed as soon as they read our Disconnect), so replay knows to close it at that moment.
   */
  | { readonly t: number; readonly conn: number; readonly ev: 'close'; readonly by: 'local' | 'remote' }
  /** The node was asked to stop (SIGINT/SIGTERM): every peer gets Disconnect(Client quitting). */
  | { readonly t: number; readonly ev: 'stop' }
  /** The recorder's queue was full: `count` events from `t` on were not written. */
  | { readonly t: number; readonly ev: 'dropped'; readonly count: number }
  /** The recording ended here (written when the recorder closes): replay runs the clock up to `t`. */
  | { readonly t: number; readonly ev: 'end' };

export type TraceEventKind = TraceEvent['ev'];
export type ConnectionEvent = Extract<TraceEvent, { conn: number }>;

/** A parsed trace: the header and the events with the file line each came from. */
export interface Trace {
  readonly header: TraceHeader;
  readonly events: ReadonlyArray<{ readonly event: TraceEvent; readonly line: number }>;
}

export const isConnectionEvent = (e: TraceEvent): e is ConnectionEvent => 'conn' in e;

/** One JSON line, fields in the contract's order (`t`, `conn`, `ev`, …). */
export function serializeTraceEvent(event: TraceEvent): string {
  return JSON.stringify(event);
}

export function serializeTraceHeader(header: TraceHeader): string {
  return JSON.stringify(header);
}

/**
 * The header of a node run: its Hello identity, the timers and limits of its config, and its genesis
 * (`genesis` when given, else the file of the config's `genesis` as `pocnode start --genesis` has it,
 * else PoC-3).
 */
export function traceHeaderFor(options: {
  readonly config: NodeSystemConfig & {
    readonly maxPendingWriteBytes?: number;
    /** `--genesis FILE` (NodeConfig): the file holding the genesis block's RLP as hex. */
    readonly genesis?: string | undefined;
  };
  readonly nodeId: Uint8Array;
  readonly listenPort: number;
  readonly genesis?: Genesis;
}): TraceHeader {
  const { config } = options;
  return {
    pocnodeTrace: TRACE_FORMAT_VERSION,
    node: {
      clientId: config.clientId,
      nodeId: toHex(options.nodeId),
      networkId: config.networkId,
      // What the peer machine puts in every Hello it sends.
      protocolVersion: PROTOCOL_VERSION,
      capabilities: CAPABILITIES_ALL,
      listenPort: options.listenPort,
    },
    config: {
      helloTimeoutMs: config.helloTimeoutMs,
      pingIntervalMs: config.pingIntervalMs,
      pingTimeoutMs: config.pingTimeoutMs,
      disconnectGraceMs: config.disconnectGraceMs,
      maxFrameBytes: config.maxFrameBytes,
      maxPeers: config.maxPeers,
      maxPendingHandshakes: config.maxPendingHandshakes,
      ...(config.maxPendingWriteBytes !== undefined && { maxPendingWriteBytes: config.maxPendingWriteBytes }),
    },
    chain: traceChainOf(recordedGenesis(options.genesis, config.genesis)),
  };
}
