import { performance } from 'node:perf_hooks';
import { processCpuUs } from '../measure';
import { serveParent, toParent } from './childMain';
import { connectPoc } from './pocSocket';
import type { ClientReport, Target } from './protocol';

/*
 * Load generator of the handshake benchmark: `concurrency` connections in flight, each saying Hello with
 * a fresh node id and closing (FIN, as a peer hanging up) as soon as the node has admitted it; then the
 * next. Source addresses rotate over 127.0.0.2–127.0.0.200: the sockets this side closes wait in TIME_WAIT
 * for a minute, and thousands a second would otherwise exhaust one address's ephemeral ports.
 */

const FIRST_SOURCE = 2;
const SOURCES = 199;

let handshakes = 0;
let failed = 0;
let open = 0;
let running = false;
let next = 0;

function sourceAddress(): string {
  next = (next + 1) % SOURCES;
  return `127.0.0.${FIRST_SOURCE + next}`;
}

function slot(target: Target): void {
  if (!running) return;
  open++;
  connectPoc(
    target,
    {
      admitted: (socket) => {
        handshakes++;
        socket.end();
      },
      closed: (admitted) => {
        open--;
        if (!admitted) failed++;
        slot(target);
      },
    },
    sourceAddress(),
  );
}

function report(): ClientReport {
  return {
    atMs: performance.now(),
    handshakes,
    failed,
    open,
    pingsSent: 0,
    pongs: 0,
    transactionsSent: 0,
    transactionsReceived: 0,
    cpuUs: processCpuUs(),
  };
}

serveParent(
  (m) => {
    switch (m.type) {
      case 'handshakes':
        running = true;
        for (let i = 0; i < m.concurrency; i++) slot(m.target);
        return;
      case 'report':
        toParent({ type: 'reported', report: report() });
        return;
      default:
        throw new Error(`handshakeClient: unexpected ${m.type}`);
    }
  },
  () => {
    running = false;
    return Promise.resolve();
  },
);
