import { SimulatedClock } from 'xstate';

/**
 * A simulated clock that advances through due timers one at a time, in order, so a timer set by
 * another timer's callback starts at the right simulated moment (SimulatedClock.set jumps straight to
 * the target, firing everything due at once). Used by replay, the simulator and tests.
 */
export class SteppingClock extends SimulatedClock {
  private readonly due = new Map<number, number>();

  override setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    const id: number = super.setTimeout((...args: unknown[]) => {
      this.due.delete(id);
      fn(...args);
    }, timeout);
    this.due.set(id, this.now() + timeout);
    return id;
  }

  override clearTimeout(id: number): void {
    this.due.delete(id);
    super.clearTimeout(id);
  }

  /** Timers not yet fired. */
  get pendingTimers(): number {
    return this.due.size;
  }

  /** The earliest due time of a pending timer, if any. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const t of this.due.values()) if (next === undefined || t < next) next = t;
    return next;
  }

  /** Moves time forward to `time`, firing each timer at its own due time. */
  advanceTo(time: number): void {
    for (;;) {
      const next = this.nextDue();
      if (next === undefined || next > time) break;
      this.set(Math.max(next, this.now()));
    }
    if (time > this.now()) this.set(time);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.now() + ms);
  }
}
