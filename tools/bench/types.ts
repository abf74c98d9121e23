/** One figure of a benchmark run, as written to bench-results.json. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The same figure for the reference implementation measured in the same run, if there is one. */
  readonly baseline?: number;
  /** value / baseline (higher is better for rates). */
  readonly ratio?: number;
  /** The goal for `ratio`, printed next to it. */
  readonly goal?: number;
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
