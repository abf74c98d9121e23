import type { Server } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { NodeCounters } from '../benchNodeProcess';
import { processCpuUs } from '../measure';
import type { HostSample } from './protocol';

/** Listens on 127.0.0.1 on a free port; resolves with the port. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

/** What a measured server process reports when the benchmark samples it. */
export function hostSample(counters: NodeCounters): HostSample {
  const memory = process.memoryUsage();
  return {
    atMs: performance.now(),
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    cpuUs: processCpuUs(),
    handshakes: counters.handshakes,
    peers: counters.peers,
  };
}
