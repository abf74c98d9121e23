import type { Logger } from 'pino';
import { toHex } from '../chain/blockHash';
import type { AnyActorRef, StateValue } from 'xstate';
import type { PeerContext } from '../machines/peerMachine';
import type { SupervisorContext } from '../machines/supervisorMachine';
import { describeDisconnectReason } from '../wire';
import type { PeerStateChange } from './nodeStatus';
import type { NodeObserver } from './observer';

export interface PeerStateTrackerOptions {
  /** Milliseconds on the node's clock. */
  readonly now: () => number;
  readonly startedAt: number;
  readonly observer: NodeObserver;
  readonly logger: Logger | undefined;
  readonly listeners: ReadonlySet<(change: PeerStateChange) => void>;
}

/** Follows every peer machine's state: observer hooks, `/status` timing, the live log, connect/disconnect lines. */
export interface PeerStateTracker {
  /** Give it every supervisor snapshot: it starts following the peers spawned since the last one. */
  supervisorChanged(context: SupervisorContext): void;
  /** When the peer entered its current state (node clock), if it is followed. */
  since(conn: number): number | undefined;
}

interface PeerTrack {
  value: StateValue;
  state: string;
  since: number;
  readonly openedAt: number;
}

interface PeerSnapshot {
  readonly value: StateValue;
  readonly context: PeerContext;
}

export const topState = (value: StateValue): string =>
  typeof value === 'string' ? value : (Object.keys(value)[0] ?? '');

export const hex = (b: Uint8Array | undefined): string | undefined => (b ? toHex(b) : undefined);

/** Structural equality of two state values (strings, or objects of state values). */
function sameValue(a: StateValue, b: StateValue): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (x === undefined || y === undefined || !sameValue(x, y)) return false;
  }
  return true;
}

/** One window of failed handshakes: the first is logged at info, the rest at debug and counted. */
export const FAILED_HANDSHAKE_SUMMARY_MS = 10_000;

/**
 * Which level a connection that closed before its Hello was accepted is logged at. Under a flood of
 * connections that never say Hello, each new one cuts the oldest handshake (the pending bound): a line at
 * info for each was 1,000-2,000 lines a second and 9 % of the node's time (RELIABILITY.md). The first of
 * a window of FAILED_HANDSHAKE_SUMMARY_MS is at info, the others at debug; the first after the window
 * ends is preceded by one info line with how many the window had at debug.
 */
function failedHandshakeLog(logger: Logger | undefined): { level(t: number): 'info' | 'debug' } {
  let windowStart: number | undefined;
  let quiet = 0;
  return {
    level: (t) => {
      if (windowStart !== undefined && t - windowStart < FAILED_HANDSHAKE_SUMMARY_MS) {
        quiet++;
        return 'debug';
      }
      if (quiet > 0 && windowStart !== undefined) {
        logger?.info(
          { count: quiet, windowMs: t - windowStart },
          'peers disconnected before their Hello, logged at debug',
        );
      }
      windowStart = t;
      quiet = 0;
      return 'info';
    },
  };
}

/**
 * Each connection and disconnection is one line at info (the operator's record of who came and went, with
 * reason and side); the arguments are built only when info is enabled, so `--log-level warn` makes a busy
 * node (2,000 handshakes a second, tools/bench) skip that work. A connection flood is cut by the per-IP limit;
 * from many addresses, its connections that never complete a Hello are summarised (failedHandshakeLog).
 *
 * Peer state changes come from each peer actor's own snapshots, subscribed to as the supervisor spawns it
 * (never from hand-written logging). Not from XState's inspection: with an inspector attached, every actor
 * of the system builds an inspection event for every event, action and snapshot, which cost ~30% of a
 * Ping → Pong (tools/bench, peer) to find the few snapshots where a peer's state changed.
 */
export function createPeerStateTracker(options: PeerStateTrackerOptions): PeerStateTracker {
  const { now, startedAt, observer, logger, listeners } = options;
  const tracks = new Map<number, PeerTrack>();
  let nextUnseen = 1;
  const failedHandshakes = failedHandshakeLog(logger);

  const onSnapshot = (conn: number, snapshot: PeerSnapshot): void => {
    const { value, context } = snapshot;
    let track = tracks.get(conn);
    if (track !== undefined && sameValue(track.value, value)) return;
    const t = now();
    const state = topState(value);
    if (track === undefined) {
      track = { value, state, since: t, openedAt: t };
      tracks.set(conn, track);
    } else {
      const wasActive = track.state === 'active';
      track.value = value;
      track.state = state;
      track.since = t;
      if (state === 'active' && !wasActive) {
        observer.handshakeCompleted?.(conn, t - track.openedAt);
        if (logger?.isLevelEnabled('info')) {
          logger.info(
            {
              conn,
              remote: context.remote,
              direction: context.direction,
              nodeId: hex(context.remoteHello?.nodeId),
              client: context.remoteHello?.clientId,
            },
            'peer connected',
          );
        }
      }
    }
    observer.peerState?.(conn, state, value);
    if (listeners.size > 0) {
      const change: PeerStateChange = {
        t: t - startedAt,
        conn,
        state,
        stateValue: value,
        nodeId: hex(context.remoteHello?.nodeId),
        clientId: context.remoteHello?.clientId,
        direction: context.direction,
        remote: context.remote,
      };
      for (const l of listeners) l(change);
    }
    if (state === 'closed') {
      tracks.delete(conn);
      const by = context.closedBy ?? 'remote';
      observer.connectionClosed?.(conn, by, context.reason, context.direction);
      const level = context.remoteHello ? 'info' : failedHandshakes.level(t);
      if (logger?.isLevelEnabled(level)) {
        logger[level](
          {
            conn,
            remote: context.remote,
            direction: context.direction,
            by,
            reason: describeDisconnectReason(context.reason),
            ...(context.wireErrorCode && { wireError: context.wireErrorCode }),
            handshake: context.remoteHello ? 'completed' : 'failed',
          },
          'peer disconnected',
        );
      }
    }
  };

  // One observer for every peer, which knows the peer from its snapshot: two closures and their context
  // per peer cost ~190 B an idle peer (tools/bench/heapPerPeer).
  const peerObserver = {
    next: (snapshot: PeerSnapshot) => onSnapshot(snapshot.context.connId, snapshot),
    // A failing peer is reported to its parent, the supervisor, as before: not as an unhandled error here.
    error: () => undefined,
  };
  const follow = (conn: number, ref: AnyActorRef): void => {
    // A spawned peer has only run its entry (Hello written) when the supervisor's snapshot shows it: its
    // transport delivers nothing synchronously, so its current snapshot is its first state.
    onSnapshot(conn, ref.getSnapshot() as PeerSnapshot);
    ref.subscribe(peerObserver);
  };

  return {
    supervisorChanged: (context) => {
      // Connection ids are handed out in order; only the ones spawned since the last snapshot are new.
      const { nextConnId } = context.table;
      for (let conn = nextUnseen; conn < nextConnId; conn++) {
        const entry = context.table.peers.get(conn);
        if (entry !== undefined) follow(conn, entry.ref);
      }
      nextUnseen = nextConnId;
    },
    since: (conn) => tracks.get(conn)?.since,
  };
}
