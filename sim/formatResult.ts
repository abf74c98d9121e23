import type { SimulationResult } from './simulate';

const ms = (x: number | null): string => (x === null ? '—' : String(x));

/** The human-readable figures `pocnode simulate` prints, one string a line. */
export function formatSimulationText(result: SimulationResult, wallMs?: number): string[] {
  const o = result.options;
  const t = result.topology;
  const reached = result.transactions.filter((tx) => tx.reached === o.nodes).length;
  const lines = [
    `pocnode simulate: ${o.nodes} nodes, degree ${o.degree} (${t.links} links, ${t.minDegree}–${t.maxDegree} per node), ` +
      `${o.txs} transactions, seed ${o.seed}`,
    `latency ${o.minLatencyMs}–${o.maxLatencyMs} ms per link; injections at ${o.warmupMs}–` +
      `${o.warmupMs + o.injectWindowMs} ms; time limit ${o.timeLimitMs} ms; ${result.handshakes} handshakes done`,
    result.complete
      ? `every transaction reached all ${o.nodes} nodes; figures taken at ${result.simulatedMs} ms (simulated)`
      : `INCOMPLETE: ${reached} of ${o.txs} transactions reached all ${o.nodes} nodes by ${result.simulatedMs} ms` +
        (result.failedInjections > 0 ? ` (${result.failedInjections} injections refused)` : ''),
    'time until a share of the nodes held a transaction (ms after its origin node took it in; percentiles over transactions):',
    `  ${'nodes'.padStart(6)} ${'p50'.padStart(7)} ${'p90'.padStart(7)} ${'max'.padStart(7)}`,
    ...result.reachMs.map(
      (r) =>
        `  ${`${r.level}%`.padStart(6)} ${ms(r.p50).padStart(7)} ${ms(r.p90).padStart(7)} ${ms(r.max).padStart(7)}`,
    ),
    `Transactions frames sent per transaction per node: ${result.framesPerTxPerNode} (${result.txFrames} frames)`,
    `duplicate deliveries: ${result.duplicates} (${result.duplicatesPerTxPerNode} per transaction per node; ` +
      `${result.deliveries} copies received in all)`,
    `frames of every kind sent until then, handshakes included: ${result.framesTotal}`,
  ];
  if (wallMs !== undefined) lines.push(`wall time: ${(wallMs / 1000).toFixed(1)} s`);
  return lines;
}
