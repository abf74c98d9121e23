import { setTimeout as sleep } from 'node:timers/promises';
import { BenchChild } from './benchChild';
import { loadNote } from './loadNote';
import { formatNumber } from './types';
import type { Benchmark } from './types';

/** Issue 8: 10,000 idle peers over TCP cost ≤ 16 KiB each, and the event loop's p99 delay stays < 50 ms. */
const PEERS = 10_000;
const GOAL_KIB_PER_PEER = 16;
const GOAL_P99_MS = 50;
const CLIENT_PROCESSES = 4;
/** Connections each load generator keeps in their handshake at once while connecting. */
const CONNECT_CONCURRENCY = 50;
/** Each peer pings the node this often (twice per keep-alive interval, so the node never has to ping). */
const PING_INTERVAL_MS = 5000;
const SETTLE_MS = 3000;
const PING_PHASE_MS = 20_000;

const KIB = 1024;

/**
 * A node (`startNode`) in its own process; 10,000 peers connected to it over TCP loopback from four more
 * processes (each 2,500 sockets: the soft limit on open files here is 20,000). Memory: the node's RSS after
 * a full collection once every peer is admitted and idle, minus its RSS after a full collection before the
 * first one, per peer. Then every peer pings the node every 5 s (2,000 Pings a second in all) and the node's
 * event-loop delay (monitorEventLoopDelay, 10 ms resolution) is recorded for 20 s.
 */
export const idlePeersBenchmark: Benchmark = {
  name: 'idle',
  description: '10,000 idle peers over TCP: node RSS per peer, event-loop delay p99 while they ping',
  async run() {
    const host = BenchChild.startNodeHost();
    const clients: BenchChild[] = [];
    try {
      const { port } = await host.ask({ type: 'startNode', config: {} }, 'started');
      const before = await host.ask({ type: 'gc' }, 'collected');
      const target = { host: '127.0.0.1', port };
      const perClient = PEERS / CLIENT_PROCESSES;
      for (let i = 0; i < CLIENT_PROCESSES; i++) clients.push(BenchChild.start('idleClient'));
      const connectStart = performance.now();
      const connected = await Promise.all(
        clients.map((c) =>
          c.ask(
            { type: 'connect', target, count: perClient, concurrency: CONNECT_CONCURRENCY },
            'connected',
            600_000,
          ),
        ),
      );
      const connectSeconds = (performance.now() - connectStart) / 1000;
      const open = connected.reduce((n, c) => n + c.open, 0);
      await sleep(SETTLE_MS);
      const after = await host.ask({ type: 'gc' }, 'collected');
      const { sample } = await host.ask({ type: 'sample' }, 'sampled');
      const kibPerPeer = (after.rss - before.rss) / KIB / sample.peers;
      const heapPerPeer = (after.heapUsed - before.heapUsed) / KIB / sample.peers;

      host.send({ type: 'delayStart' });
      for (const c of clients) c.send({ type: 'startPinging', intervalMs: PING_INTERVAL_MS });
      const cpuBefore = (await host.ask({ type: 'sample' }, 'sampled')).sample;
      await sleep(PING_PHASE_MS);
      const cpuAfter = (await host.ask({ type: 'sample' }, 'sampled')).sample;
      const { delay } = await host.ask({ type: 'delayStop' }, 'delay');
      const reports = await Promise.all(clients.map((c) => c.ask({ type: 'report' }, 'reported')));
      const pongs = reports.reduce((n, r) => n + r.report.pongs, 0);
      const stillOpen = reports.reduce((n, r) => n + r.report.open, 0);
      const cpuShare = (cpuAfter.cpuUs - cpuBefore.cpuUs) / 1000 / (cpuAfter.atMs - cpuBefore.atMs);
      return [
        {
          name: 'idle.rssPerPeer',
          value: kibPerPeer,
          unit: 'KiB/peer',
          goal: { of: 'value', max: GOAL_KIB_PER_PEER },
          note:
            `${sample.peers} peers on the node (${open} admitted of ${PEERS}, connected in ` +
            `${connectSeconds.toFixed(1)} s); RSS ${formatNumber(before.rss / KIB / KIB)} → ` +
            `${formatNumber(after.rss / KIB / KIB)} MiB after full GCs; JS heap ${formatNumber(heapPerPeer)} KiB/peer`,
        },
        {
          name: 'idle.loopDelayP99',
          value: delay.p99Ms,
          unit: 'ms',
          goal: { of: 'value', max: GOAL_P99_MS },
          note:
            `event-loop delay while ${PEERS} peers ping every ${PING_INTERVAL_MS / 1000} s for ` +
            `${PING_PHASE_MS / 1000} s: p50 ${delay.p50Ms.toFixed(1)} ms, max ${delay.maxMs.toFixed(1)} ms; ` +
            `${pongs} Pongs received, ${stillOpen} peers still open; node at ${(cpuShare * 100).toFixed(0)}% of a ` +
            `core; ${loadNote()}`,
        },
      ];
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await host.close(120_000);
    }
  },
};
