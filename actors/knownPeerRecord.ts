/** What the registry knows about one peer. Times are ms on the clock the caller passes in. */
export interface KnownPeer {
  readonly nodeIdHex: string;
  readonly nodeId: Uint8Array;
  /** Dotted IPv4 quad and listening port: where to dial it. */
  readonly ip: string;
  readonly port: number;
  /** Last named in a Peers message, or last connected. */
  readonly lastSeenMs: number;
  /** Last completed handshake; undefined = only heard of (hearsay). */
  readonly lastConnectedMs: number | undefined;
  /** Consecutive failed dials or refused sessions; reset by a session that ends normally. */
  readonly failures: number;
  /** Last dial, failure or session end: the backoff runs from here. */
  readonly lastAttemptMs: number | undefined;
}

/** The stored form (`peer:<node id hex>` → JSON): small, readable with any LevelDB tool. */
interface StoredPeer {
  ip: string;
  port: number;
  lastSeenMs: number;
  lastConnectedMs: number | null;
  failures: number;
  lastAttemptMs: number | null;
}

export function encodeKnownPeer(p: KnownPeer): Uint8Array {
  const stored: StoredPeer = {
    ip: p.ip,
    port: p.port,
    lastSeenMs: p.lastSeenMs,
    lastConnectedMs: p.lastConnectedMs ?? null,
    failures: p.failures,
    lastAttemptMs: p.lastAttemptMs ?? null,
  };
  return new TextEncoder().encode(JSON.stringify(stored));
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isTimeOrNull = (v: unknown): v is number | null => v === null || isTime(v);

/** A stored record back, or undefined when the key or the value is not one we wrote. */
export function decodeKnownPeer(nodeIdHex: string, value: Uint8Array): KnownPeer | undefined {
  if (!/^[0-9a-f]{128}$/.test(nodeIdHex)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(value));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const r = parsed as Partial<Record<keyof StoredPeer, unknown>>;
  if (typeof r.ip !== 'string' || typeof r.port !== 'number' || !isTime(r.lastSeenMs)) return undefined;
  if (!isTimeOrNull(r.lastConnectedMs) || !isTimeOrNull(r.lastAttemptMs)) return undefined;
  if (typeof r.failures !== 'number' || !Number.isInteger(r.failures) || r.failures < 0) return undefined;
  return {
    nodeIdHex,
    nodeId: Uint8Array.from(Buffer.from(nodeIdHex, 'hex')),
    ip: r.ip,
    port: r.port,
    lastSeenMs: r.lastSeenMs,
    lastConnectedMs: r.lastConnectedMs ?? undefined,
    failures: r.failures,
    lastAttemptMs: r.lastAttemptMs ?? undefined,
  };
}
