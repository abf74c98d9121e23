import { performance } from 'node:perf_hooks';
import { simulate } from '../../../sim';
import { processCpuUs } from '../measure';
import { serveParent, toParent } from './childMain';

/*
 * The simulator benchmark's process: one `simulate` run (what `pocnode simulate` does), timed alone in a
 * fresh process so no other benchmark's heap or JIT state is part of it.
 */

serveParent(async (m) => {
  if (m.type !== 'simulate') throw new Error(`simHost: unexpected ${m.type}`);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await simulate({ nodes: m.nodes, degree: m.degree, txs: m.txs, seed: m.seed });
  const wallMs = performance.now() - started;
  const cpuUs = processCpuUs(cpu);
  const full = result.reachMs.find((row) => row.level === 100);
  toParent({
    type: 'simulated',
    result: {
      wallMs,
      cpuUs,
      complete: result.complete,
      reachedAll: result.transactions.filter((t) => t.reached === m.nodes).length,
      deliveries: result.deliveries,
      simulatedMs: result.simulatedMs,
      fullReachP50Ms: full?.p50 ?? null,
      fullReachMaxMs: full?.max ?? null,
    },
  });
});
