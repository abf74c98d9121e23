import { codecBenchmark } from './codecBenchmark';
import { handshakeBenchmark } from './handshakeBenchmark';
import { idlePeersBenchmark } from './idlePeersBenchmark';
import { peerBenchmark } from './peerBenchmark';
import { relayBenchmark } from './relayBenchmark';
import { simBenchmark } from './simBenchmark';
import type { Benchmark } from './types';

/** Every benchmark `npm run bench` knows, in the order of issue 8's table. */
export const BENCHMARKS: readonly Benchmark[] = [
  codecBenchmark,
  peerBenchmark,
  handshakeBenchmark,
  idlePeersBenchmark,
  relayBenchmark,
  simBenchmark,
];

/** The benchmarks whose name contains one of the filters (all of them without filters). */
export function selectBenchmarks(filters: readonly string[]): Benchmark[] {
  if (filters.length === 0) return [...BENCHMARKS];
  return BENCHMARKS.filter((b) => filters.some((f) => b.name.includes(f)));
}
