import type { NodeStatus, NodeStatusSource, PeerStateChange, PeerStatus } from '../../../actors/nodeStatus';
import type { PeerDirection } from '../../../machines/peerMachine';

/** The top-level state of a state value: `{ active: 'idle' }` → `active`. */
function topState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return Object.keys(value)[0] ?? '';
  return String(value);
}

/**
 * A NodeStatusSource the test drives by hand: peers appear, change state and leave when told, on a
 * node clock the test advances itself.
 */
export class FakeStatusSource implements NodeStatusSource {
  /** The node's clock, ms since it started. */
  now = 1000;
  knownPeers = 3;
  txPool = 2;
  private readonly peers = new Map<number, PeerStatus>();
  private readonly listeners = new Set<(change: PeerStateChange) => void>();

  get listenerCount(): number {
    return this.listeners.size;
  }

  status(): NodeStatus {
    return {
      nodeId: 'ab'.repeat(64),
      clientId: 'pocnode/v0.1.0/test',
      networkId: 0,
      ports: { tcp: 30303, http: 8080 },
      peers: [...this.peers.values()],
      knownPeers: this.knownPeers,
      txPool: this.txPool,
      head: { hash: `0x${'cd'.repeat(32)}`, height: 10, totalDifficulty: '4194304' },
      orphans: 1,
      uptimeMs: this.now,
    };
  }

  onPeerState(listener: (change: PeerStateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A connection opens: the peer machine starts waiting for Hello. */
  open(conn: number, direction: PeerDirection, remote: string): void {
    this.peers.set(conn, {
      conn,
      nodeId: undefined,
      clientId: undefined,
      remote,
      direction,
      state: 'awaitingHello',
      stateValue: { awaitingHello: 'waitingForHello' },
      since: this.now,
    });
    this.emit(conn);
  }

  /** The peer's machine moves to `stateValue`; `hello` once its Hello arrived. */
  move(conn: number, stateValue: unknown, hello?: { nodeId: string; clientId: string }): void {
    const peer = this.peers.get(conn);
    if (peer === undefined) throw new Error(`no peer ${conn}`);
    const state = topState(stateValue);
    this.peers.set(conn, { ...peer, ...hello, state, stateValue, since: this.now });
    this.emit(conn);
    if (state === 'closed') this.peers.delete(conn);
  }

  /** Tells listeners about one change, as given (for payloads the peers map does not hold). */
  emitChange(change: PeerStateChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private emit(conn: number): void {
    const peer = this.peers.get(conn);
    if (peer === undefined) return;
    this.emitChange({
      t: this.now,
      conn,
      state: peer.state,
      stateValue: peer.stateValue,
      nodeId: peer.nodeId,
      clientId: peer.clientId,
      direction: peer.direction,
      remote: peer.remote,
    });
  }
}
