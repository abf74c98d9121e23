import type { Probe } from './probe';
import type { ConformanceTimeouts } from './timeouts';

/** What a case gets: the timeouts, and connections to the target that the runner closes when it ends. */
export interface CaseContext {
  readonly timeouts: ConformanceTimeouts;
  /** Opens a new TCP connection to the target. */
  open(): Promise<Probe>;
}

/** One check of the target against CONTRACT.md §3, on connections of its own. */
export interface ConformanceCase {
  /** Stable slug, for `only` and for tests. */
  readonly id: string;
  /** A sentence about the behaviour checked, printed on the case's line. */
  readonly title: string;
  /** Time the case may spend waiting on the target's timers, beyond the runner's base budget. */
  readonly timerBudgetMs?: (t: ConformanceTimeouts) => number;
  /** Resolves when the target behaved; throws a `ConformanceError` saying what was expected and what came. */
  run(ctx: CaseContext): Promise<void>;
}
