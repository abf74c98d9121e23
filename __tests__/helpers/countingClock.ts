import { SimulatedClock } from 'xstate';

/** A simulated clock that also knows how many timers are still pending (to prove none dangle). */
export class CountingClock extends SimulatedClock {
  private readonly live = new Set<number>();

  override setTimeout(fn: (...args: unknown[]) => void, timeout: number): number {
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
}
