import { TokenBucket } from './tokenBucket';

/** Remote addresses tracked at most; past it the least recently seen is forgotten (a full bucket). */
export const MAX_TRACKED_IPS = 4096;
/**
 * Each address's bucket holds this many seconds of its rate: a tool that opens many short connections at
 * once from one machine (`pocnode conformance`, ~35 connections within a second or two) stays within it,
 * while a connect flood is cut to the rate after the burst (and the burst itself meets maxPendingHandshakes).
 */
export const IP_BURST_SECONDS = 10;

/**
 * Inbound connections per remote IP (`--max-inbound-per-ip-per-second`): one token bucket per address,
 * refilled at that rate and holding IP_BURST_SECONDS of it. geth refused an Internet peer that reconnected
 * within 30 s (p2p/server.go, inboundThrottleTime); the 2014 clients had no limit. The map is bounded: an
 * address not seen for a while has a full bucket, which is the same as not being tracked, so forgetting
 * the least recently seen loses nothing that matters.
 */
export class IpRateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private refusedCount = 0;

  constructor(
    readonly perSecond: number,
    readonly burst: number = perSecond * IP_BURST_SECONDS,
    private readonly maxTracked: number = MAX_TRACKED_IPS,
  ) {}

  /** Connections refused so far. */
  get refused(): number {
    return this.refusedCount;
  }

  /** Addresses currently tracked (at most `maxTracked`). */
  get tracked(): number {
    return this.buckets.size;
  }

  /** Whether a connection from `ip` at `nowMs` may proceed; counts it if so. */
  allow(ip: string, nowMs: number): boolean {
    let bucket = this.buckets.get(ip);
    if (bucket)
      this.buckets.delete(ip); // re-inserted below: the Map's order is least recently seen first
    else bucket = new TokenBucket(this.burst, this.perSecond);
    this.buckets.set(ip, bucket);
    if (this.buckets.size > this.maxTracked) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    if (bucket.take(1, nowMs)) return true;
    this.refusedCount++;
    return false;
  }
}
