import type { BenchOptions } from './types';

/** One pass of work: returns something derived from its output so the JIT cannot drop it. */
export interface Workload {
  readonly run: () => number;
  /** Items (frames) one pass handles. */
  readonly units: number;
  /** Bytes one pass handles. */
  readonly bytes: number;
}

/** Per second of this process's CPU time (see `timedRound`). */
export interface Rate {
  readonly unitsPerSecond: number;
  readonly bytesPerSecond: number;
}

let sink = 0;

/**
 * CPU time this process has used (user + system, all its threads), in microseconds: so far, or since
 * `since` (a `process.cpuUsage()` taken earlier).
 */
export function processCpuUs(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/** CPU time this process used (user + system, all its threads) since `since`, in seconds. */
export function cpuSecondsSince(since: NodeJS.CpuUsage): number {
  return processCpuUs(since) / 1e6;
}

/**
 * Runs `w` for at least `ms` milliseconds of wall time; returns passes per second of CPU time. The machine
 * these benchmarks run on is shared (load 5–10 on 2 cores): wall time counts the slices other processes
 * take from us, CPU time does not, and a synchronous pass runs on this thread alone (plus the GC threads
 * its garbage keeps busy, which are its cost).
 */
function timedRound(w: Workload, ms: number): number {
  const budget = BigInt(Math.round(ms * 1e6));
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let passes = 0;
  do {
    sink ^= w.run();
    passes++;
  } while (process.hrtime.bigint() - start < budget);
  return passes / cpuSecondsSince(cpu);
}

/**
 * The two sides of round `i` of a comparison in the order they run: A B, B A, A B… A machine whose speed drifts
 * one way over a pair then does not favour the side that runs second in every pair.
 */
function inTurn<T>(i: number, a: T, b: T): readonly [T, T] {
  return i % 2 === 0 ? [a, b] : [b, a];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Measures two workloads against each other in the same process: both warmed up, then timed in
 * alternating rounds, each pair's order the other way round from the last (so drift and other load on the
 * machine hit both alike); each rate is the median
 * over the rounds, and the ratio is the median of each round's ratio to the baseline round next to it.
 */
export function compareRates(
  ours: Workload,
  baseline: Workload,
  o: BenchOptions,
): { ours: Rate; baseline: Rate; ratio: number } {
  timedRound(ours, o.warmupMs);
  timedRound(baseline, o.warmupMs);
  const a: number[] = [];
  const b: number[] = [];
  const roundA = (): number => a.push(timedRound(ours, o.roundMs));
  const roundB = (): number => b.push(timedRound(baseline, o.roundMs));
  for (let i = 0; i < o.rounds; i++) for (const round of inTurn(i, roundA, roundB)) round();
  if (sink === 0.5) process.stdout.write(''); // keeps `sink` observable
  const rate = (w: Workload, passes: number): Rate => ({
    unitsPerSecond: passes * w.units,
    bytesPerSecond: passes * w.bytes,
  });
  return {
    ours: rate(ours, median(a)),
    baseline: rate(baseline, median(b)),
    ratio: median(a.map((x, i) => (x * ours.units) / (b[i]! * baseline.units))),
  };
}

/** One workload alone (warmed up, median of `rounds` rounds), in units per second of CPU time. */
export function measureRate(w: Workload, o: BenchOptions): Rate {
  timedRound(w, o.warmupMs);
  const passes: number[] = [];
  for (let i = 0; i < o.rounds; i++) passes.push(timedRound(w, o.roundMs));
  if (sink === 0.5) process.stdout.write('');
  const p = median(passes);
  return { unitsPerSecond: p * w.units, bytesPerSecond: p * w.bytes };
}

/** One asynchronous pass: resolves with the units it handled (e.g. pings answered). */
export type AsyncWorkload = () => Promise<number>;

/** Units per second of wall time, and per second of this process's CPU time (user + system, all threads). */
export interface AsyncRate {
  readonly perSecond: number;
  readonly perCpuSecond: number;
}

/** Runs `w` for at least `ms` milliseconds. */
async function timedRoundAsync(w: AsyncWorkload, ms: number): Promise<AsyncRate> {
  const budget = BigInt(Math.round(ms * 1e6));
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let units = 0;
  let elapsed = 0n;
  do {
    units += await w();
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  return { perSecond: units / (Number(elapsed) / 1e9), perCpuSecond: units / cpuSecondsSince(cpu) };
}

/**
 * `compareRates` for asynchronous passes: both warmed up, then alternating rounds (each pair's order the other
 * way round from the last); medians over the rounds
 * of units per wall second and per CPU second. On a machine shared with other work the CPU-second rate is
 * what one dedicated core would do; the wall rate is what this run got.
 */
export async function compareRatesAsync(
  ours: AsyncWorkload,
  baseline: AsyncWorkload,
  o: BenchOptions,
): Promise<{ ours: AsyncRate; baseline: AsyncRate; ratio: number }> {
  await timedRoundAsync(ours, o.warmupMs);
  await timedRoundAsync(baseline, o.warmupMs);
  const a: AsyncRate[] = [];
  const b: AsyncRate[] = [];
  const roundA = async (): Promise<number> => a.push(await timedRoundAsync(ours, o.roundMs));
  const roundB = async (): Promise<number> => b.push(await timedRoundAsync(baseline, o.roundMs));
  for (let i = 0; i < o.rounds; i++) for (const round of inTurn(i, roundA, roundB)) await round();
  const med = (xs: AsyncRate[]): AsyncRate => ({
    perSecond: median(xs.map((x) => x.perSecond)),
    perCpuSecond: median(xs.map((x) => x.perCpuSecond)),
  });
  return {
    ours: med(a),
    baseline: med(b),
    ratio: median(a.map((x, i) => x.perCpuSecond / b[i]!.perCpuSecond)),
  };
}
