import { codecBenchmark } from './codecBenchmark';
import type { Benchmark } from './types';

/** Every benchmark `npm run bench` knows; later issues add theirs here. */
export const BENCHMARKS: readonly Benchmark[] = [codecBenchmark];

/** The benchmarks whose name contains one of the filters (all of them without filters). */
export function selectBenchmarks(filters: readonly string[]): Benchmark[] {
  if (filters.length === 0) return [...BENCHMARKS];
  return BENCHMARKS.filter((b) => filters.some((f) => b.name.includes(f)));
}
