import type { PeerDirection } from '../machines/peerMachine';

/** One connection as `/status` shows it (CONTRACT.md §5). */
export interface PeerStatus {
  readonly conn: number;
  /** Hex of the 64-byte node id, once Hello arrived. */
  readonly nodeId: string | undefined;
  readonly clientId: string | undefined;
  readonly remote: string;
  readonly direction: PeerDirection;
  /** The peer machine's top-level state value, e.g. "active". */
  readonly state: string;
  /** The full (nested) state value, e.g. {"active":"pinging"}. */
  readonly stateValue: unknown;
  /** Milliseconds since the node started when the peer entered its current state. */
  readonly since: number;
}

export interface HeadStatus {
  readonly hash: string;
  readonly height: number;
  /** Decimal string: total difficulty outgrows 2^53. */
  readonly totalDifficulty: string;
}

/** `GET /status` (CONTRACT.md §5). */
export interface NodeStatus {
  readonly nodeId: string;
  readonly clientId: string;
  readonly networkId: number;
  readonly ports: { readonly tcp: number; readonly ws?: number; readonly http?: number };
  readonly peers: readonly PeerStatus[];
  readonly knownPeers: number;
  readonly txPool: number;
  readonly head: HeadStatus;
  readonly orphans: number;
  readonly uptimeMs: number;
}

/** What the HTTP layer needs from a running node. */
export interface NodeStatusSource {
  status(): NodeStatus;
  /** Subscribes to peer state changes (for the dashboard's live log); returns the unsubscribe. */
  onPeerState(listener: (change: PeerStateChange) => void): () => void;
}

export interface PeerStateChange {
  readonly t: number;
  readonly conn: number;
  readonly state: string;
  readonly stateValue: unknown;
  readonly nodeId: string | undefined;
  readonly clientId: string | undefined;
  readonly direction: PeerDirection;
  readonly remote: string;
}
