import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { processCpuUs } from '../measure';
import { serveParent, toParent } from './childMain';
import { connectPoc, PING_FRAME } from './pocSocket';
import type { ClientReport, Target } from './protocol';

/*
 * Load generator of the idle-peers benchmark: opens `count` connections (at most `concurrency` still in
 * their handshake at a time), keeps them, answers the node's Pings, and once asked pings the node from
 * every connection every `intervalMs`, each at its own phase.
 */

const sockets: Socket[] = [];
let handshakes = 0;
let failed = 0;
let pingsSent = 0;
let pongs = 0;
const timers: NodeJS.Timeout[] = [];

function connectAll(target: Target, count: number, concurrency: number): Promise<void> {
  return new Promise((resolve) => {
    let started = 0;
    let settled = 0;
    const settle = (): void => {
      settled++;
      if (settled === count) resolve();
      else if (started < count) start();
    };
    const start = (): void => {
      started++;
      let done = false;
      connectPoc(target, {
        admitted: (socket) => {
          handshakes++;
          sockets.push(socket);
          done = true;
          settle();
        },
        pong: () => pongs++,
        closed: () => {
          if (done) return;
          failed++;
          settle();
        },
      });
    };
    for (let i = 0; i < Math.min(concurrency, count); i++) start();
  });
}

function startPinging(intervalMs: number): void {
  for (const socket of sockets) {
    const ping = (): void => {
      if (socket.destroyed) return;
      socket.write(PING_FRAME);
      pingsSent++;
    };
    timers.push(
      setTimeout(() => {
        ping();
        timers.push(setInterval(ping, intervalMs));
      }, Math.random() * intervalMs),
    );
  }
}

function report(): ClientReport {
  return {
    atMs: performance.now(),
    handshakes,
    failed,
    open: sockets.filter((s) => !s.destroyed).length,
    pingsSent,
    pongs,
    transactionsSent: 0,
    transactionsReceived: 0,
    cpuUs: processCpuUs(),
  };
}

serveParent(
  async (m) => {
    switch (m.type) {
      case 'connect':
        await connectAll(m.target, m.count, m.concurrency);
        toParent({ type: 'connected', open: report().open, failed });
        return;
      case 'startPinging':
        startPinging(m.intervalMs);
        return;
      case 'report':
        toParent({ type: 'reported', report: report() });
        return;
      default:
        throw new Error(`idleClient: unexpected ${m.type}`);
    }
  },
  () => {
    timers.forEach((t) => clearTimeout(t));
    sockets.forEach((s) => s.destroy());
    return Promise.resolve();
  },
);
