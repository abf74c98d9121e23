import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import type { FuzzTarget } from './fuzzTargets';
import { fuzzTargets, planRuns } from './fuzzTargets';

/**
 * `npm run fuzz [-- --runs N] [--seed N] [name-filter…]`: every wire fuzz target under fast-check, N
 * generated inputs in all (default 1,200,000; at least 10^6 after the caps) shared by weight. Prints, per target, the inputs run, the
 * time, the slowest single input and the heap; exits 1 on the first broken promise, with fast-check's
 * seed and path to replay it.
 */

const USAGE = 'usage: node dist/tools/fuzz/fuzz.js [--runs N] [--seed N] [name-filter…]';

interface TargetReport {
  readonly name: string;
  readonly runs: number;
  readonly seconds: number;
  readonly slowestInputMs: number;
  readonly heapMiB: number;
}

function parseArgs(argv: readonly string[]): { runs: number; seed: number; filters: string[] } {
  let runs = 1_200_000;
  let seed = Date.now() % 2 ** 31;
  const filters: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs' || a === '--seed') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(USAGE);
      if (a === '--runs') runs = n;
      else seed = n;
    } else if (a.startsWith('-')) throw new Error(USAGE);
    else filters.push(a);
  }
  return { runs, seed, filters };
}

function runTarget(target: FuzzTarget, runs: number, seed: number): TargetReport {
  let slowest = 0;
  let maxHeap = 0;
  let n = 0;
  const started = performance.now();
  fc.assert(
    fc.property(target.arbitrary, (input) => {
      const t0 = performance.now();
      target.check(input);
      const dt = performance.now() - t0;
      if (dt > slowest) slowest = dt;
      if (++n % 5000 === 0) maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
  maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
  return {
    name: target.name,
    runs,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    slowestInputMs: Math.round(slowest * 10) / 10,
    heapMiB: Math.round(maxHeap / 1048576),
  };
}

function main(): void {
  const { runs, seed, filters } = parseArgs(process.argv.slice(2));
  const all = fuzzTargets();
  const targets = filters.length ? all.filter((t) => filters.some((f) => t.name.includes(f))) : all;
  if (targets.length === 0) throw new Error(`no target matches; known: ${all.map((t) => t.name).join(', ')}`);
  const plan = planRuns(targets, runs);
  console.log(
    `fuzzing ${plan.reduce((a, b) => a + b, 0)} inputs over ${targets.length} targets, seed ${seed}`,
  );
  const reports: TargetReport[] = [];
  targets.forEach((t, i) => {
    const report = runTarget(t, plan[i]!, seed + i);
    reports.push(report);
    console.log(
      `${report.name.padEnd(14)} ${String(report.runs).padStart(8)} inputs ${String(report.seconds).padStart(7)} s  ` +
        `slowest ${report.slowestInputMs} ms  heap ≤ ${report.heapMiB} MiB  — ${t.description}`,
    );
  });
  const total = reports.reduce((a, r) => a + r.runs, 0);
  const seconds = Math.round(reports.reduce((a, r) => a + r.seconds, 0));
  console.log(
    `${total} inputs, ${seconds} s, max RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB: no violation`,
  );
}

try {
  main();
} catch (err: unknown) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
}
