import type { NodeObserver } from '../actors/observer';
import { toHex } from '../chain/blockHash';
import type { TraceEvent, TraceStateValue } from './traceFormat';

export interface TraceObserverOptions {
  /** Milliseconds on the node's clock; `t` of each event is measured from the first call. */
  readonly now: () => number;
  /** The node's disconnect grace: a close sooner than this after entering `disconnecting` was the peer's. */
  readonly disconnectGraceMs: number;
}

/** The observer hooks a trace needs, plus `nodeStopping` for the one event the observer cannot see. */
export interface TraceObserver extends NodeObserver {
  /** Call right before `NodeSystem.stop()`: writes `{"ev":"stop"}`, which replay turns into a stop. */
  readonly nodeStopping: () => void;
  /** Milliseconds since the trace began, as events' `t`. */
  readonly traceTime: () => number;
}

/**
 * Turns the node's observer hooks into trace events (CONTRACT.md §4). The recorder writes them and replay
 * produces them from the replayed node, so both sides go through this one function and compare alike.
 */
export function createTraceObserver(
  emit: (event: TraceEvent) => void,
  options: TraceObserverOptions,
): TraceObserver {
  const start = options.now();
  const t = (): number => Math.round(options.now() - start);
  /** When each connection entered `disconnecting`, to tell who closed the transport. */
  const disconnectingSince = new Map<number, number>();

  return {
    connectionOpened: (conn, direction, remote) =>
      emit({ t: t(), conn, ev: 'open', dir: direction === 'inbound' ? 'in' : 'out', remote }),
    chunkIn: (conn, chunk) => emit({ t: t(), conn, ev: 'in', hex: toHex(chunk) }),
    chunkOut: (conn, bytes) => emit({ t: t(), conn, ev: 'out', hex: toHex(bytes) }),
    peerState: (conn, state, fullValue) => {
      const now = t();
      if (state === 'disconnecting') disconnectingSince.set(conn, now);
      emit({ t: now, conn, ev: 'state', value: fullValue as TraceStateValue });
    },
    connectionClosed: (conn, by) => {
      const now = t();
      const since = disconnectingSince.get(conn);
      disconnectingSince.delete(conn);
      // The machine says `local` once we sent Disconnect, whoever then closed the socket. A close before
      // the grace ran out can only be the peer hanging up (cpp-ethereum did so on reading Disconnect);
      // the 1 ms margin keeps a real timer that fires a hair early (ms rounding) on the `local` side.
      const peerHungUp = by === 'local' && since !== undefined && now - since < options.disconnectGraceMs - 1;
      emit({ t: now, conn, ev: 'close', by: peerHungUp ? 'remote' : by });
    },
    nodeStopping: () => emit({ t: t(), ev: 'stop' }),
    traceTime: t,
  };
}
