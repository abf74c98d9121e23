import type { AnyActorRef } from 'xstate';
import type { HelloMessage, Message } from '../wire';
import type { Connection } from '../transport/connection';
import { connectionPort } from './connectionPort';
import type { PeerDirection } from './peerMachine';

/** The supervisor's record of one connection. */
export interface PeerEntry<Ref extends AnyActorRef = AnyActorRef> {
  readonly connId: number;
  readonly ref: Ref;
  readonly direction: PeerDirection;
  readonly remote: string;
  readonly remoteHost: string;
  readonly hello: HelloMessage | undefined;
  readonly nodeIdHex: string | undefined;
  readonly admitted: boolean;
  /** The transport, so that a handshake can be cut short (eviction) without waiting for its machine. */
  readonly connection: Connection;
  /** Closed to make room for a newer handshake; no longer counted as pending while it closes. */
  readonly evicted: boolean;
  /** The supervisor told its machine to disconnect: nothing more is routed to it. */
  readonly disconnecting: boolean;
  /**
   * Admitted, and its machine not yet `active`: what is routed to it meanwhile, in order, written when it
   * enters `active` (undefined before admission and once it is active or gone).
   */
  outbox: Message[] | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The connections one supervisor actor knows, kept in place: one per actor (made by its context factory),
 * changed only by that actor's actions. Immutable maps copied per connection made every connection O(n)
 * (10,000 peers took 77–100 s to connect, tools/bench idle); here admission, the pending-handshake bound
 * and its oldest inbound handshake are O(1) from counters and an insertion-ordered map.
 */
export class PeerTable<Ref extends AnyActorRef = AnyActorRef> {
  private readonly byConn = new Map<number, Mutable<PeerEntry<Ref>>>();
  /** Node ids of admitted peers → their connection: the single source of truth for `Already connected`. */
  private readonly ids = new Map<string, number>();
  /** Inbound handshakes not evicted, in connection order (the first is the oldest). */
  private readonly pendingInbound = new Map<number, PeerEntry<Ref>>();
  private pendingCount = 0;
  private admittedCount = 0;
  private next = 1;

  /** Every connection, in connection order. */
  get peers(): ReadonlyMap<number, PeerEntry<Ref>> {
    return this.byConn;
  }

  get nodeIds(): ReadonlyMap<string, number> {
    return this.ids;
  }

  /** The id the next connection gets (ids are handed out in order, from 1). */
  get nextConnId(): number {
    return this.next;
  }

  get admitted(): number {
    return this.admittedCount;
  }

  /** Connections in their handshake, evicted ones not counted (both directions). */
  get pending(): number {
    return this.pendingCount;
  }

  /** The oldest inbound handshake still counted as pending: the one eviction closes. */
  oldestPendingInbound(): PeerEntry<Ref> | undefined {
    for (const entry of this.pendingInbound.values()) return entry;
    return undefined;
  }

  /**
   * Records a new connection in its handshake under the next id and returns its record; `makeRef` makes its
   * actor for that id, so the id the actor is given and the one it is recorded under have one source.
   */
  add(
    entry: Omit<
      PeerEntry<Ref>,
      'connId' | 'ref' | 'hello' | 'nodeIdHex' | 'admitted' | 'evicted' | 'disconnecting' | 'outbox'
    >,
    makeRef: (connId: number) => Ref,
  ): PeerEntry<Ref> {
    const connId = this.next++;
    const record: Mutable<PeerEntry<Ref>> = {
      connId,
      ref: makeRef(connId),
      direction: entry.direction,
      remote: entry.remote,
      remoteHost: entry.remoteHost,
      hello: undefined,
      nodeIdHex: undefined,
      admitted: false,
      connection: entry.connection,
      evicted: false,
      disconnecting: false,
      outbox: undefined,
    };
    this.byConn.set(connId, record);
    this.pendingCount++;
    if (record.direction === 'inbound') this.pendingInbound.set(connId, record);
    return record;
  }

  /** A handshake closed to make room: it no longer counts as pending. */
  evict(connId: number): void {
    const entry = this.byConn.get(connId);
    if (entry === undefined || entry.admitted || entry.evicted) return;
    entry.evicted = true;
    this.pendingCount--;
    this.pendingInbound.delete(connId);
  }

  /**
   * The supervisor sent the machine `peer.disconnect`: what is routed later is not for it, and its chain-bound
   * messages go through the supervisor's `peer.message` step again (the port's mailbox path is closed).
   */
  disconnect(connId: number): void {
    const entry = this.byConn.get(connId);
    if (entry === undefined) return;
    entry.disconnecting = true;
    connectionPort(entry.connection).deliverTo(undefined);
  }

  /** The handshake finished and the peer was admitted under its node id (if it sent one). */
  admit(connId: number, hello: HelloMessage, nodeIdHex: string | undefined): void {
    const entry = this.byConn.get(connId);
    if (entry === undefined || entry.admitted) return;
    if (!entry.evicted) this.pendingCount--;
    this.pendingInbound.delete(connId);
    entry.hello = hello;
    entry.nodeIdHex = nodeIdHex;
    entry.admitted = true;
    this.admittedCount++;
    if (nodeIdHex !== undefined) this.ids.set(nodeIdHex, connId);
  }

  /** The connection closed: forgotten, with its node id if it held it, and its mailbox path closed. */
  remove(connId: number): PeerEntry<Ref> | undefined {
    const entry = this.byConn.get(connId);
    if (entry === undefined) return undefined;
    connectionPort(entry.connection).deliverTo(undefined);
    this.byConn.delete(connId);
    this.pendingInbound.delete(connId);
    if (entry.admitted) this.admittedCount--;
    else if (!entry.evicted) this.pendingCount--;
    if (entry.nodeIdHex !== undefined && this.ids.get(entry.nodeIdHex) === connId) {
      this.ids.delete(entry.nodeIdHex);
    }
    return entry;
  }
}
