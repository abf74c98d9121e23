import type { Store } from '../store/store';
import { toHex } from '../chain/blockHash';
import { StoreKey } from '../store/store';
import type { PeerEndpoint } from '../wire';
import { DisconnectReason } from '../wire';
import type { EndpointVerdict } from './classifyEndpoint';
import { classifyEndpoint, normaliseIpv4 } from './classifyEndpoint';
import { decodeKnownPeer, encodeKnownPeer } from './knownPeerRecord';
import type { KnownPeer } from './knownPeerRecord';

export type { KnownPeer } from './knownPeerRecord';

/** Registry bound; past it the stalest entry goes (hearsay before peers we have talked to). */
export const DEFAULT_MAX_KNOWN_PEERS = 1000;
/** At most this many entries in one Peers answer. */
export const MAX_PEERS_PER_ANSWER = 64;
/** Entries of one Peers message looked at; the rest are ignored, so a huge message costs little. */
export const MAX_SCANNED_PER_MESSAGE = 1024;
/** New entries taken from one Peers message: one message cannot replace the whole registry. */
export const MAX_LEARNED_PER_MESSAGE = 64;
export const DIAL_BACKOFF_BASE_MS = 5_000;
export const DIAL_BACKOFF_MAX_MS = 10 * 60_000;
/** Consecutive failures (dials or refusals) after which a peer is dropped; gossip may bring it back. */
export const MAX_PEER_FAILURES = 8;
/** How long a forgotten peer (Bad protocol etc.) is refused when gossip names it again. */
export const FORGET_FOR_MS = 60 * 60_000;

export interface KnownPeersOptions {
  /** Our node id: entries naming it are skipped. */
  readonly localNodeId: Uint8Array;
  /**
   * Accept loopback and private addresses (default true). pyethereum kept them, cpp-ethereum dropped
   * them; we keep them by default because the node's own tests, `pocnode simulate` and LAN networks run
   * on such addresses, and a node on the public internet can turn them off.
   */
  readonly allowPrivate?: boolean;
  readonly maxPeers?: number;
  readonly maxAnswer?: number;
  readonly maxScannedPerMessage?: number;
  readonly maxLearnedPerMessage?: number;
  readonly dialBackoffBaseMs?: number;
  readonly dialBackoffMaxMs?: number;
  readonly maxFailures?: number;
  readonly forgetForMs?: number;
}

export interface LearnReport {
  readonly added: number;
  readonly refreshed: number;
  /** Invalid, own, forgotten, or refused (address held by a peer we talked to, registry full). */
  readonly rejected: number;
  /** Past the per-message bounds, not looked at. */
  readonly ignored: number;
}

export interface LoadReport {
  readonly loaded: number;
  /** Unreadable or no longer acceptable records, and those past the bound; deleted at the next flush. */
  readonly dropped: number;
}

/** pyethereum forgot peers that left with these: the two nodes cannot talk, whoever said it. */
const FORGETTING_REASONS: ReadonlySet<number> = new Set([
  DisconnectReason.BadProtocol,
  DisconnectReason.IncompatibleNetworkProtocols,
  DisconnectReason.WrongGenesisBlock,
]);
/** The peer would not have us (now): back off as after a failed dial. */
const REFUSING_REASONS: ReadonlySet<number> = new Set([
  DisconnectReason.TcpSubsystemError,
  DisconnectReason.UselessPeer,
  DisconnectReason.TooManyPeers,
  DisconnectReason.AlreadyConnected,
]);

/** Exponential dial backoff: base·2^failures, capped (the exponent too, so that it stays finite). */
export function dialBackoffMs(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures, 30));
}

type Entry = { -readonly [K in keyof KnownPeer]: KnownPeer[K] };

const addressKey = (ip: string, port: number): string => `${ip}:${port}`;
const fresherFirst = (a: Entry, b: Entry): number =>
  b.lastSeenMs - a.lastSeenMs || (b.lastConnectedMs ?? -1) - (a.lastConnectedMs ?? -1);

/**
 * The known-peers registry: addresses learned from Peers messages and from peers we talked to, the
 * answer to GetPeers, and dial targets with per-address backoff. Pure logic: time is always passed in
 * (`now`, ms). One id per address and one address per id; a peer we have talked to (verified) is never
 * displaced or moved by hearsay, so gossip cannot poison what we know works.
 *
 * Persistence is batched, not write-through: after `load(store)` every change marks its record, and
 * `flush()` writes them all in one atomic batch (the actor flushes on its dial tick and at shutdown). A
 * crash loses at most the facts since the last flush, harmless for a peer list (pyethereum only saved
 * peers.json at exit).
 */
export class KnownPeers {
  private readonly peers = new Map<string, Entry>();
  private readonly byAddress = new Map<string, string>();
  /** Forgotten node ids → until when gossip naming them is refused; bounded like the registry. */
  private readonly forgotten = new Map<string, number>();
  private readonly pending = new Set<string>();
  private store: Store | undefined;
  private tail: Promise<void> = Promise.resolve();
  private readonly rules: { readonly localNodeId: Uint8Array; readonly allowPrivate: boolean };
  private readonly max: number;
  private readonly maxAnswer: number;
  private readonly maxScanned: number;
  private readonly maxLearned: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly maxFailures: number;
  private readonly forgetForMs: number;

  constructor(options: KnownPeersOptions) {
    this.rules = { localNodeId: options.localNodeId.slice(), allowPrivate: options.allowPrivate ?? true };
    this.max = options.maxPeers ?? DEFAULT_MAX_KNOWN_PEERS;
    this.maxAnswer = options.maxAnswer ?? MAX_PEERS_PER_ANSWER;
    this.maxScanned = options.maxScannedPerMessage ?? MAX_SCANNED_PER_MESSAGE;
    this.maxLearned = options.maxLearnedPerMessage ?? MAX_LEARNED_PER_MESSAGE;
    this.backoffBaseMs = options.dialBackoffBaseMs ?? DIAL_BACKOFF_BASE_MS;
    this.backoffMaxMs = options.dialBackoffMaxMs ?? DIAL_BACKOFF_MAX_MS;
    this.maxFailures = options.maxFailures ?? MAX_PEER_FAILURES;
    this.forgetForMs = options.forgetForMs ?? FORGET_FOR_MS;
  }

  get size(): number {
    return this.peers.size;
  }

  /** Records changed since the last flush (0 without a store). */
  get pendingWrites(): number {
    return this.pending.size;
  }

  get(nodeIdHex: string): KnownPeer | undefined {
    const e = this.peers.get(nodeIdHex);
    return e && { ...e };
  }

  all(): KnownPeer[] {
    return [...this.peers.values()].map((e) => ({ ...e }));
  }

  /** The same rules `learn` applies, for one entry. */
  classify(endpoint: PeerEndpoint): EndpointVerdict {
    return classifyEndpoint(endpoint, this.rules);
  }

  /** Takes the acceptable entries of a Peers message (cpp-ethereum's filters, bounded per message). */
  learn(entries: readonly PeerEndpoint[], now: number): LearnReport {
    let added = 0;
    let refreshed = 0;
    let rejected = 0;
    const scanned = Math.min(entries.length, this.maxScanned);
    let i = 0;
    for (; i < scanned && added < this.maxLearned; i++) {
      const endpoint = entries[i]!;
      if (this.classify(endpoint) !== 'ok') {
        rejected++;
        continue;
      }
      const id = toHex(endpoint.nodeId);
      const outcome = this.hearsay(id, endpoint, now);
      if (outcome === 'added') added++;
      else if (outcome === 'refreshed') refreshed++;
      else rejected++;
    }
    return { added, refreshed, rejected, ignored: entries.length - i };
  }

  /**
   * A handshake completed: `ip` is the socket's remote address (verified), `port` the Hello's listen
   * port. Returns the verdict; an address that cannot be shared (port 0 = not listening, IPv6…) is not
   * recorded. `nodeIdHex` is `nodeId` in hex when the caller has it already (the supervisor's admission).
   */
  peerConnected(
    remoteHost: string,
    listenPort: number,
    nodeId: Uint8Array,
    now: number,
    nodeIdHex?: string,
  ): EndpointVerdict {
    const ip = normaliseIpv4(remoteHost);
    if (ip === undefined) return 'badIp';
    const verdict = this.classify({ ip, port: listenPort, nodeId });
    if (verdict !== 'ok') return verdict;
    const id = nodeIdHex ?? toHex(nodeId);
    this.forgotten.delete(id); // it talks to us properly now
    const address = addressKey(ip, listenPort);
    const holder = this.byAddress.get(address);
    if (holder !== undefined && holder !== id) this.remove(holder);
    const existing = this.peers.get(id);
    if (existing) {
      this.move(existing, ip, listenPort);
      existing.lastSeenMs = now;
      existing.lastConnectedMs = now;
      existing.lastAttemptMs = now;
      this.touch(id);
      return 'ok';
    }
    if (this.peers.size >= this.max && !this.evict(true)) return 'ok';
    this.insert({
      nodeIdHex: id,
      nodeId: nodeId.slice(),
      ip,
      port: listenPort,
      lastSeenMs: now,
      lastConnectedMs: now,
      failures: 0,
      lastAttemptMs: now,
    });
    return 'ok';
  }

  /**
   * A session ended. Bad protocol, Incompatible network protocols or Wrong genesis block (sent or
   * received): the peer is forgotten, as pyethereum did. Refusals (Too many peers, Useless peer…) count
   * as failures for the backoff; a plain close resets them. Returns whether the peer was forgotten.
   * `nodeIdHex` as in `peerConnected`.
   */
  peerDisconnected(nodeId: Uint8Array, reason: number | undefined, now: number, nodeIdHex?: string): boolean {
    const id = nodeIdHex ?? toHex(nodeId);
    if (reason !== undefined && FORGETTING_REASONS.has(reason)) {
      this.forget(id, now);
      return true;
    }
    const e = this.peers.get(id);
    if (!e) return false;
    e.lastAttemptMs = now;
    if (reason !== undefined && REFUSING_REASONS.has(reason)) return this.failed(e);
    e.failures = 0;
    this.touch(id);
    return false;
  }

  /** A dial to this address failed: one more failure, a longer wait. Returns whether it was dropped. */
  dialFailed(ip: string, port: number, now: number): boolean {
    const id = this.byAddress.get(addressKey(ip, port));
    const e = id === undefined ? undefined : this.peers.get(id);
    if (!e) return false;
    e.lastAttemptMs = now;
    return this.failed(e);
  }

  /** When this address may be dialled again (≥ now): base·2^failures after the last attempt. */
  nextDialAt(ip: string, port: number, now: number): number {
    const id = this.byAddress.get(addressKey(ip, port));
    const e = id === undefined ? undefined : this.peers.get(id);
    return e ? Math.max(now, this.dueAt(e)) : now;
  }

  /**
   * Up to `limit` peers due for a dial, not in `connected` (node ids as hex), those we have talked to
   * first, then the freshest; each is marked as attempted now, so that the next tick does not dial it
   * again before its backoff.
   */
  takeDialTargets(now: number, connected: Iterable<string>, limit: number): KnownPeer[] {
    if (limit <= 0) return [];
    const skip = new Set(connected);
    const due = [...this.peers.values()].filter((e) => !skip.has(e.nodeIdHex) && this.dueAt(e) <= now);
    due.sort((a, b) => (b.lastConnectedMs ?? -1) - (a.lastConnectedMs ?? -1) || fresherFirst(a, b));
    const targets = due.slice(0, limit);
    for (const e of targets) {
      e.lastAttemptMs = now;
      this.touch(e.nodeIdHex);
    }
    return targets.map((e) => ({ ...e }));
  }

  /** The answer to GetPeers: freshest first, bounded, without peers whose last dial or session failed. */
  peersToShare(limit: number = this.maxAnswer): PeerEndpoint[] {
    const good = [...this.peers.values()].filter((e) => e.failures === 0);
    good.sort(fresherFirst);
    return good
      .slice(0, Math.min(limit, this.maxAnswer))
      .map((e) => ({ ip: e.ip, port: e.port, nodeId: e.nodeId }));
  }

  /**
   * Reads the stored registry and keeps `store` for later flushes. Records that do not decode or no
   * longer pass the rules (e.g. `allowPrivate` turned off) are dropped, as are the stalest past the bound.
   */
  async load(store: Store): Promise<LoadReport> {
    this.store = store;
    const rows = await store.entries(StoreKey.knownPeerPrefix);
    let loaded = 0;
    let dropped = 0;
    for (const [key, value] of rows) {
      const id = key.slice(StoreKey.knownPeerPrefix.length);
      const record = decodeKnownPeer(id, value);
      const address = record ? addressKey(record.ip, record.port) : '';
      if (!record || this.classify(record) !== 'ok' || this.peers.has(id) || this.byAddress.has(address)) {
        // Deleted at the next flush (or, if learned before the load, rewritten from memory).
        dropped++;
        this.pending.add(id);
        continue;
      }
      this.peers.set(id, { ...record });
      this.byAddress.set(address, id);
      loaded++;
    }
    while (this.peers.size > this.max && this.evict(true)) {
      loaded--;
      dropped++;
    }
    return { loaded, dropped };
  }

  /** Writes every change since the last flush in one batch, after any batch still being written. */
  flush(): Promise<void> {
    const store = this.store;
    if (!store || this.pending.size === 0) return this.tail;
    const ids = [...this.pending];
    this.pending.clear();
    const ops = ids.map((id) => {
      const e = this.peers.get(id);
      return e
        ? { type: 'put' as const, key: StoreKey.knownPeer(id), value: encodeKnownPeer(e) }
        : { type: 'del' as const, key: StoreKey.knownPeer(id) };
    });
    const done = this.tail.then(() => store.write(ops));
    // A failed batch leaves its records pending, so the next flush writes them (in their state then).
    this.tail = done.catch(() => ids.forEach((id) => this.pending.add(id)));
    return done;
  }

  private hearsay(id: string, endpoint: PeerEndpoint, now: number): 'added' | 'refreshed' | 'refused' {
    const until = this.forgotten.get(id);
    if (until !== undefined) {
      if (until > now) return 'refused';
      this.forgotten.delete(id);
    }
    const address = addressKey(endpoint.ip, endpoint.port);
    const holder = this.byAddress.get(address);
    const existing = this.peers.get(id);
    if (existing) {
      // A verified address is not moved by gossip; an unverified one follows the newest claim.
      if (holder !== id && (existing.lastConnectedMs !== undefined || holder !== undefined)) return 'refused';
      this.move(existing, endpoint.ip, endpoint.port);
      existing.lastSeenMs = Math.max(existing.lastSeenMs, now);
      this.touch(id);
      return 'refreshed';
    }
    // First claim on an address wins: thousands of ids at one address make one entry.
    if (holder !== undefined) return 'refused';
    if (this.peers.size >= this.max && !this.evict(false)) return 'refused';
    this.insert({
      nodeIdHex: id,
      nodeId: endpoint.nodeId.slice(),
      ip: endpoint.ip,
      port: endpoint.port,
      lastSeenMs: now,
      lastConnectedMs: undefined,
      failures: 0,
      lastAttemptMs: undefined,
    });
    return 'added';
  }

  private dueAt(e: Entry): number {
    if (e.lastAttemptMs === undefined) return -Infinity;
    return e.lastAttemptMs + dialBackoffMs(e.failures, this.backoffBaseMs, this.backoffMaxMs);
  }

  private failed(e: Entry): boolean {
    e.failures++;
    if (e.failures >= this.maxFailures) {
      this.remove(e.nodeIdHex);
      return true;
    }
    this.touch(e.nodeIdHex);
    return false;
  }

  /** Drops the stalest hearsay entry, or (for a verified newcomer) the stalest of all. */
  private evict(verifiedNewcomer: boolean): boolean {
    let victim: Entry | undefined;
    let verifiedVictim: Entry | undefined;
    for (const e of this.peers.values()) {
      if (e.lastConnectedMs === undefined) {
        if (!victim || e.lastSeenMs < victim.lastSeenMs) victim = e;
      } else if (!verifiedVictim || e.lastSeenMs < verifiedVictim.lastSeenMs) verifiedVictim = e;
    }
    const chosen = victim ?? (verifiedNewcomer ? verifiedVictim : undefined);
    if (!chosen) return false;
    this.remove(chosen.nodeIdHex);
    return true;
  }

  private forget(id: string, now: number): void {
    this.remove(id);
    this.forgotten.delete(id);
    this.forgotten.set(id, now + this.forgetForMs);
    if (this.forgotten.size > this.max) {
      const oldest = this.forgotten.keys().next();
      if (!oldest.done) this.forgotten.delete(oldest.value);
    }
  }

  private insert(e: Entry): void {
    this.peers.set(e.nodeIdHex, e);
    this.byAddress.set(addressKey(e.ip, e.port), e.nodeIdHex);
    this.touch(e.nodeIdHex);
  }

  private move(e: Entry, ip: string, port: number): void {
    const old = addressKey(e.ip, e.port);
    if (this.byAddress.get(old) === e.nodeIdHex) this.byAddress.delete(old);
    e.ip = ip;
    e.port = port;
    this.byAddress.set(addressKey(ip, port), e.nodeIdHex);
  }

  private remove(id: string): void {
    const e = this.peers.get(id);
    if (!e) return;
    this.peers.delete(id);
    const address = addressKey(e.ip, e.port);
    if (this.byAddress.get(address) === id) this.byAddress.delete(address);
    this.touch(id);
  }

  private touch(id: string): void {
    if (this.store) this.pending.add(id);
  }
}
