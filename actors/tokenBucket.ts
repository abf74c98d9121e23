/**
 * A token bucket: holds up to `capacity` tokens, refilled continuously at `perSecond`; `take` spends
 * tokens if there are enough. Time is passed in (milliseconds on whatever clock the caller runs on: real
 * in the service, simulated in tests and the simulator), so the bucket itself never reads a clock.
 */
export class TokenBucket {
  private tokens: number;
  private last: number | undefined;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
  ) {
    this.tokens = capacity;
  }

  /** Tokens available at `nowMs` (refilling up to that moment). */
  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }

  /** Spends `cost` tokens and returns true, or returns false and spends nothing. */
  take(cost: number, nowMs: number): boolean {
    this.refill(nowMs);
    if (cost > this.tokens) return false;
    this.tokens -= cost;
    return true;
  }

  /** True when the bucket has refilled completely: it is then the same as a fresh one. */
  isFull(nowMs: number): boolean {
    return this.available(nowMs) >= this.capacity;
  }

  private refill(nowMs: number): void {
    // A clock that steps back (it should not) never takes tokens away.
    if (this.last !== undefined && nowMs > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((nowMs - this.last) * this.perSecond) / 1000);
    }
    if (this.last === undefined || nowMs > this.last) this.last = nowMs;
  }
}
