/**
 * What a figure must reach: at least `min` or at most `max`, of the value itself or of the ratio to the
 * baseline measured in the same run (issue 8's table).
 */
export type BenchGoal =
  | { readonly of: 'value' | 'ratio'; readonly min: number; readonly max?: undefined }
  | { readonly of: 'value' | 'ratio'; readonly max: number; readonly min?: undefined };

/** One figure of a benchmark run; bench-results.json keeps name, value, unit, baseline and ratio. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same figure for the reference implementation measured in the same run, if there is one. */
  readonly baseline?: number;
  /** value / baseline (higher is better for rates). */
  readonly ratio?: number;
  readonly goal?: BenchGoal;
  /** One line of context printed under the table (CPU share, load, what was counted). */
  readonly note?: string;
}

export interface BenchOptions {
  /** Length of one timed round of one side, in ms; each figure is the median of `rounds` rounds. */
  readonly roundMs: number;
  readonly rounds: number;
  readonly warmupMs: number;
}

/** A benchmark module: `tools/bench/benchmarks.ts` lists them; the CLI filters them by name. */
export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(options: BenchOptions): Promise<BenchResult[]>;
}

/** Whether a result meets its goal (undefined without a goal or without the figure it is on). */
export function goalMet(r: BenchResult): boolean | undefined {
  const g = r.goal;
  if (g === undefined) return undefined;
  const x = g.of === 'ratio' ? r.ratio : r.value;
  if (x === undefined) return undefined;
  return g.min !== undefined ? x >= g.min : x <= g.max;
}

export function describeGoal(g: BenchGoal): string {
  const bound = g.min !== undefined ? `≥ ${formatNumber(g.min)}` : `≤ ${formatNumber(g.max)}`;
  return g.of === 'ratio' ? `ratio ${bound}` : bound;
}

export function formatNumber(n: number): string {
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
