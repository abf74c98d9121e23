import { openNodeCore } from '../actors/nodeCore';
import type { NodeCore } from '../actors/nodeCore';
import type { NodeObserver } from '../actors/observer';
import { SteppingClock } from '../actors/steppingClock';
import { MemoryStore } from '../store/memoryStore';
import type { Connection } from '../transport/connection';
import { ReplayConnection } from './replayConnection';
import type { TraceConfig, TraceEvent, TraceHeader } from './traceFormat';
import { genesisOfTrace } from './traceGenesis';
import { splitRemote } from './traceParser';

/** The real setImmediate, taken before any test could install fake timers. */
const realSetImmediate = setImmediate;
/**
 * Lets every pending promise job run (the chain manager and the stores work in promises): one macrotask
 * turn drains the whole microtask queue. Done after each event and each timer, the same way every run.
 */
export const settle = (): Promise<void> => new Promise<void>((resolve) => realSetImmediate(resolve));

export interface TraceNodeOptions {
  readonly header: TraceHeader;
  /** Replace some of the header's timers and limits (e.g. to show that a changed grace diverges). */
  readonly config?: Partial<TraceConfig>;
  /** Sees the node in trace terms: connection ids are those of the trace's `open` events. */
  readonly observer: NodeObserver;
  /** Called when a `stop` input is applied, before the node is told to stop. */
  readonly onStop?: () => void;
  /** The clock to run on (the caller's observer may need its `now`); a new one at 0 by default. */
  readonly clock?: SteppingClock;
}

/** A fresh node on a simulated clock, driven event by event. */
export interface ReplayNode {
  readonly clock: SteppingClock;
  readonly core: NodeCore;
  /** Runs the clock to `t`, firing each timer at its own time and settling after each. */
  advanceTo(t: number): Promise<void>;
  /** Applies an input (`open`, `in`, `close` by the remote, `stop`); other events are ignored. */
  apply(event: TraceEvent): Promise<void>;
  /** Stops observing, closes every connection and stops the node. */
  teardown(): Promise<void>;
}

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

/**
 * Wraps an observer so that it speaks the trace's connection ids. The node numbers connections itself;
 * a connection's id is known to belong to a trace id once the node starts reading the replay connection
 * (right after `connectionOpened`), and hooks that fire before that are held until then.
 */
function translatingObserver(target: NodeObserver, isEnabled: () => boolean) {
  const toTrace = new Map<number, number>();
  const held = new Map<number, Array<(traceConn: number) => void>>();
  let lastOpened: number | undefined;
  const forward = (conn: number, call: (traceConn: number) => void): void => {
    if (!isEnabled()) return;
    const mapped = toTrace.get(conn);
    if (mapped !== undefined) return call(mapped);
    const list = held.get(conn) ?? [];
    held.set(conn, list);
    list.push(call);
  };
  const observer: NodeObserver = {
    connectionOpened: (conn, direction, remote) => {
      lastOpened = conn;
      forward(conn, (c) => target.connectionOpened?.(c, direction, remote));
    },
    chunkIn: (conn, chunk) => forward(conn, (c) => target.chunkIn?.(c, chunk)),
    chunkOut: (conn, bytes) => forward(conn, (c) => target.chunkOut?.(c, bytes)),
    frameIn: (conn, command, bytes) => forward(conn, (c) => target.frameIn?.(c, command, bytes)),
    frameOut: (conn, command, bytes) => forward(conn, (c) => target.frameOut?.(c, command, bytes)),
    wireError: (conn, code) => forward(conn, (c) => target.wireError?.(c, code)),
    peerState: (conn, state, value) => forward(conn, (c) => target.peerState?.(c, state, value)),
    handshakeCompleted: (conn, ms) => forward(conn, (c) => target.handshakeCompleted?.(c, ms)),
    connectionClosed: (conn, by, reason, direction) =>
      forward(conn, (c) => target.connectionClosed?.(c, by, reason, direction)),
  };
  const bind = (traceConn: number): void => {
    if (lastOpened === undefined) return;
    toTrace.set(lastOpened, traceConn);
    const list = held.get(lastOpened) ?? [];
    held.delete(lastOpened);
    lastOpened = undefined;
    for (const call of list) call(traceConn);
  };
  return { observer, bind };
}

/**
 * Starts a fresh node with the trace header's identity, config and genesis (CONTRACT.md §4): an empty
 * MemoryStore, no dialing, on a SteppingClock that starts at 0 = the trace's t = 0.
 */
export async function startTraceNode(options: TraceNodeOptions): Promise<ReplayNode> {
  const { header } = options;
  const config = { ...header.config, ...options.config };
  const clock = options.clock ?? new SteppingClock();
  let observing = true;
  const translated = translatingObserver(options.observer, () => observing);
  const core = await openNodeCore({
    store: new MemoryStore(),
    genesis: genesisOfTrace(header.chain),
    config: {
      networkId: header.node.networkId,
      clientId: header.node.clientId,
      maxPeers: config.maxPeers,
      dial: false,
      bootnodes: [],
      helloTimeoutMs: config.helloTimeoutMs,
      pingIntervalMs: config.pingIntervalMs,
      pingTimeoutMs: config.pingTimeoutMs,
      disconnectGraceMs: config.disconnectGraceMs,
      maxFrameBytes: config.maxFrameBytes,
      maxPendingHandshakes: config.maxPendingHandshakes,
    },
    nodeId: fromHex(header.node.nodeId),
    listenPort: header.node.listenPort,
    dial: (host: string, port: number): Promise<Connection> =>
      Promise.reject(new Error(`replay does not dial (${host}:${port})`)),
    clock,
    now: () => clock.now(),
    observer: translated.observer,
  });
  const connections = new Map<number, ReplayConnection>();
  let stopping: Promise<void> | undefined;

  const advanceTo = async (t: number): Promise<void> => {
    for (let next = clock.nextDue(); next !== undefined && next <= t; next = clock.nextDue()) {
      clock.advanceTo(next);
      await settle();
    }
    clock.advanceTo(t);
    await settle();
  };

  const apply = async (event: TraceEvent): Promise<void> => {
    switch (event.ev) {
      case 'open': {
        const remote = splitRemote(event.remote) ?? { host: event.remote, port: 0 };
        const connection = new ReplayConnection(remote.host, remote.port, () => translated.bind(event.conn));
        connections.set(event.conn, connection);
        core.accept(connection, event.dir === 'in' ? 'inbound' : 'outbound');
        break;
      }
      case 'in':
        connections.get(event.conn)?.deliver(fromHex(event.hex));
        break;
      case 'close':
        // A local close is the node's own doing: that is compared, not fed.
        if (event.by === 'remote') connections.get(event.conn)?.remoteClose();
        break;
      case 'stop':
        options.onStop?.();
        stopping ??= core.stop();
        break;
      case 'out':
      case 'state':
      case 'dropped':
      case 'end':
        return;
    }
    await settle();
  };

  const teardown = async (): Promise<void> => {
    observing = false;
    stopping ??= core.stop();
    await settle();
    // Every peer is disconnecting now; the peer hanging up ends each at once, without the grace.
    for (const c of connections.values()) c.remoteClose();
    await settle();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await settle();
    // Should anything still wait on a timer, run the simulated clock through it rather than hang.
    for (let next = clock.nextDue(); !stopped && next !== undefined; next = clock.nextDue()) {
      clock.advanceTo(next);
      await settle();
    }
    await stopping;
  };

  return { clock, core, advanceTo, apply, teardown };
}

/** Feeds a script's inputs at their `t` and runs the clock on to `until`. */
export async function playInputs(
  node: ReplayNode,
  inputs: readonly TraceEvent[],
  until: number,
): Promise<void> {
  for (const event of inputs) {
    await node.advanceTo(event.t);
    await node.apply(event);
  }
  await node.advanceTo(Math.max(until, node.clock.now()));
}
