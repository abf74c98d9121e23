import type { CommandName, WireErrorCode } from '../wire';
import type { PeerDirection } from '../machines/peerMachine';

/**
 * What the node reports about itself as it runs, for metrics, the dashboard and traces. Every hook is
 * optional and called synchronously on the hot path, so implementations must be cheap.
 */
export interface NodeObserver {
  /** A connection was handed to the supervisor (before any byte). */
  connectionOpened?(conn: number, direction: PeerDirection, remote: string): void;
  /** A chunk as received from the transport. */
  chunkIn?(conn: number, chunk: Uint8Array): void;
  /** Bytes as written to the transport. */
  chunkOut?(conn: number, bytes: Uint8Array): void;
  frameIn?(conn: number, command: CommandName, bytes: number): void;
  frameOut?(conn: number, command: CommandName, bytes: number): void;
  wireError?(conn: number, code: WireErrorCode): void;
  /** The peer machine's state value changed (from XState inspection), e.g. 'active' or 'awaitingHello'. */
  peerState?(conn: number, state: string, fullValue: unknown): void;
  /** Hello received and admitted, with the time it took since the connection opened. */
  handshakeCompleted?(conn: number, ms: number): void;
  connectionClosed?(
    conn: number,
    by: 'local' | 'remote',
    reason: number | undefined,
    direction: PeerDirection,
  ): void;
}

/** Fans one set of hooks out to several observers. */
export function combineObservers(observers: readonly NodeObserver[]): NodeObserver {
  const keys = [
    'connectionOpened',
    'chunkIn',
    'chunkOut',
    'frameIn',
    'frameOut',
    'wireError',
    'peerState',
    'handshakeCompleted',
    'connectionClosed',
  ] as const;
  const combined: Record<string, (...args: never[]) => void> = {};
  for (const key of keys) {
    const fns = observers.map((o) => o[key]?.bind(o)).filter((f) => f !== undefined) as Array<
      (...args: never[]) => void
    >;
    if (fns.length === 1) combined[key] = fns[0]!;
    else if (fns.length > 1) combined[key] = (...args: never[]) => fns.forEach((f) => f(...args));
  }
  return combined;
}
