import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCHMARKS, selectBenchmarks } from './bench/benchmarks';
import { repoRoot } from './bench/repoRoot';
import { formatResultsTable } from './bench/resultsTable';
import type { BenchOptions, BenchResult } from './bench/types';

/**
 * `npm run bench [-- filter…] [--round-ms N] [--rounds N]`: runs the registered benchmarks (or those whose
 * name contains a filter), prints a table and writes bench-results.json in the repo root as
 * `[{name, value, unit, baseline, ratio}]`.
 */
const USAGE = 'usage: node dist/tools/bench.js [name-filter…] [--round-ms N] [--rounds N] [--no-write]';

function parseArgs(argv: readonly string[]): { filters: string[]; options: BenchOptions; write: boolean } {
  const filters: string[] = [];
  let roundMs = 300;
  let rounds = 9;
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const num = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${a} needs a positive number\n${USAGE}`);
      return n;
    };
    if (a === '--round-ms') roundMs = num();
    else if (a === '--rounds') rounds = Math.round(num());
    else if (a === '--no-write') write = false;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else filters.push(a);
  }
  return { filters, write, options: { roundMs, rounds, warmupMs: roundMs } };
}

async function main(): Promise<void> {
  const { filters, options, write } = parseArgs(process.argv.slice(2));
  const selected = selectBenchmarks(filters);
  if (selected.length === 0) {
    throw new Error(
      `no benchmark matches ${filters.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
    );
  }
  const all: BenchResult[] = [];
  for (const b of selected) {
    console.log(`running ${b.name}: ${b.description}`);
    all.push(...(await b.run(options)));
  }
  console.log(formatResultsTable(all));
  if (write) {
    const file = path.join(repoRoot(), 'bench-results.json');
    const out = all.map(({ name, value, unit, baseline, ratio }) => ({ name, value, unit, baseline, ratio }));
    writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
    console.log(`wrote ${file}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
