import type { BenchOptions } from './types';

/** One pass of work: returns something derived from its output so the JIT cannot drop it. */
export interface Workload {
  readonly run: () => number;
  /** Items (frames) one pass handles. */
  readonly units: number;
  /** Bytes one pass handles. */
  readonly bytes: number;
}

export interface Rate {
  readonly unitsPerSecond: number;
  readonly bytesPerSecond: number;
}

let sink = 0;

/** Runs `w` for at least `ms` milliseconds; returns passes per second. */
function timedRound(w: Workload, ms: number): number {
  const budget = BigInt(Math.round(ms * 1e6));
  const start = process.hrtime.bigint();
  let passes = 0;
  let elapsed = 0n;
  do {
    sink ^= w.run();
    passes++;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  return passes / (Number(elapsed) / 1e9);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Measures two workloads against each other in the same process: both warmed up, then timed in
 * alternating rounds (so drift and other load on the machine hit both alike); each rate is the median
 * over the rounds.
 */
export function compareRates(
  ours: Workload,
  baseline: Workload,
  o: BenchOptions,
): { ours: Rate; baseline: Rate } {
  timedRound(ours, o.warmupMs);
  timedRound(baseline, o.warmupMs);
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < o.rounds; i++) {
    a.push(timedRound(ours, o.roundMs));
    b.push(timedRound(baseline, o.roundMs));
  }
  if (sink === 0.5) process.stdout.write(''); // keeps `sink` observable
  const rate = (w: Workload, passes: number): Rate => ({
    unitsPerSecond: passes * w.units,
    bytesPerSecond: passes * w.bytes,
  });
  return { ours: rate(ours, median(a)), baseline: rate(baseline, median(b)) };
}
