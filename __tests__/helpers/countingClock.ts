import { SimulatedClock } from 'xstate';

/**
 * A simulated clock that also knows how many timers are still pending (to prove none dangle) and how many
 * were ever set (to prove a path arms none).
 */
export class CountingClock extends SimulatedClock {
  private readonly live = new Set<number>();
  private sets = 0;

  override setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
    this.sets++;
    const id: number = super.setTimeout((...args: unknown[]) => {
      this.live.delete(id);
      fn(...args);
    }, timeout);
    this.live.add(id);
    return id;
  }

  override clearTimeout(id: number): void {
    this.live.delete(id);
    super.clearTimeout(id);
  }

  get pendingTimers(): number {
    return this.live.size;
  }

  /** Timers set since the clock was made. */
  get timersSet(): number {
    return this.sets;
  }
}
