import { BenchChild } from './benchChild';
import type { HostSample } from './clients/protocol';
import { loadNote, sleep } from './loadNote';
import { median } from './measure';
import { formatNumber } from './types';
import type { Benchmark } from './types';

/** Issue 8: ≥ 2,000 completed Hello ↔ Hello a second over TCP loopback, clients in another process. */
const GOAL_PER_SECOND = 2000;
const CLIENT_PROCESSES = 2;
/** Connections each client keeps in their handshake at once. */
const CONCURRENCY = 32;
const WARMUP_MS = 3000;
const WINDOW_MS = 3000;
const WINDOWS = 3;

/**
 * A node (`startNode`, LevelDB, TCP on 127.0.0.1) in its own process; load generators in two more, each
 * keeping 32 connections in their handshake: Hello with a fresh node id, wait for the node's GetPeers
 * (it follows admission), reset, again. Counted on the node: handshakes it completed (Hello received and
 * admitted), per second of wall time and per second of the node process's CPU time.
 */
export const handshakeBenchmark: Benchmark = {
  name: 'handshake',
  description: 'Hello ↔ Hello handshakes per second over TCP loopback, clients in other processes',
  async run() {
    const host = BenchChild.startNodeHost();
    const clients: BenchChild[] = [];
    try {
      const { port } = await host.ask({ type: 'startNode', config: {} }, 'started');
      for (let i = 0; i < CLIENT_PROCESSES; i++) clients.push(BenchChild.start('handshakeClient'));
      for (const c of clients)
        c.send({ type: 'handshakes', target: { host: '127.0.0.1', port }, concurrency: CONCURRENCY });
      await sleep(WARMUP_MS);
      const rates: number[] = [];
      const perCpu: number[] = [];
      let before: HostSample = (await host.ask({ type: 'sample' }, 'sampled')).sample;
      for (let w = 0; w < WINDOWS; w++) {
        await sleep(WINDOW_MS);
        const after = (await host.ask({ type: 'sample' }, 'sampled')).sample;
        const done = after.handshakes - before.handshakes;
        rates.push(done / ((after.atMs - before.atMs) / 1000));
        perCpu.push(done / ((after.cpuUs - before.cpuUs) / 1e6));
        before = after;
      }
      const reports = await Promise.all(clients.map((c) => c.ask({ type: 'report' }, 'reported')));
      const failed = reports.reduce((n, r) => n + r.report.failed, 0);
      const rate = median(rates);
      const cpu = median(perCpu);
      return [
        {
          name: 'handshake.tcp',
          value: rate,
          unit: 'handshakes/s',
          goal: { of: 'value', min: GOAL_PER_SECOND },
          note:
            `median of ${WINDOWS} windows of ${WINDOW_MS / 1000} s; node process at ${((rate / cpu) * 100).toFixed(0)}% ` +
            `of a core = ${formatNumber(cpu)} per node-CPU-second; ${failed} refused; ${loadNote()}`,
        },
      ];
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await host.close();
    }
  },
};
