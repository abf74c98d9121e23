import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { FloodFromChild, FloodOrder, FloodToChild } from './floodFleet';
import { zeroCounts } from './floodFleet';
import { processCpuUs } from '../bench/measure';

/*
 * One process of a connect flood, forked by FloodFleet: keeps `concurrency` connects in flight, none of
 * which ever says a word, and starts the next as soon as one ends. In `close` mode it resets the
 * connection (RST, SO_LINGER 0) when the node writes its first byte: a bound source address has only
 * ~28,000 ephemeral ports, and a FIN from this side would park each one in TIME_WAIT for a minute, capping
 * one address near 470 connects/s. Connections the node closes first leave their TIME_WAIT on its side.
 */

/** A socket that got nothing from the node for this long is given up (a SYN lost to a full backlog). */
const STALL_MS = 15_000;
const REPORT_EVERY_MS = 250;

const counts = zeroCounts();
const errors: Record<string, number> = {};
const open = new Set<Socket>();
let running = false;
let turn = 0;

function report(final: boolean, sent?: () => void): void {
  const m: FloodFromChild = {
    type: 'counts',
    counts,
    errors,
    open: open.size,
    cpuSeconds: processCpuUs() / 1e6,
    final,
  };
  process.send?.(m, undefined, undefined, () => sent?.());
}

function launch(o: FloodOrder): void {
  if (!running) return;
  const localAddress = o.sources.length > 0 ? o.sources[turn++ % o.sources.length] : undefined;
  counts.attempted++;
  const socket = connect({ host: o.host, port: o.port, ...(localAddress !== undefined && { localAddress }) });
  open.add(socket);
  let established = false;
  let wrote = false;
  socket.setTimeout(STALL_MS, () => {
    counts.stalled++;
    socket.destroy();
  });
  socket.once('connect', () => {
    established = true;
    counts.established++;
  });
  socket.on('data', () => {
    if (wrote) return;
    wrote = true;
    counts.greeted++;
    if (o.mode === 'close') socket.resetAndDestroy();
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    if (established) return;
    const code = err.code ?? 'unknown';
    errors[code] = (errors[code] ?? 0) + 1;
  });
  socket.once('close', () => {
    open.delete(socket);
    if (!established) counts.failed++;
    else if (!wrote) counts.refused++;
    launch(o);
  });
}

process.on('message', (m: FloodToChild) => {
  switch (m.type) {
    case 'start': {
      running = true;
      for (let i = 0; i < m.order.concurrency; i++) launch(m.order);
      setInterval(() => report(false), REPORT_EVERY_MS).unref();
      return;
    }
    case 'stop': {
      running = false;
      for (const s of open) {
        if (s.connecting) s.destroy();
        else s.resetAndDestroy();
      }
      report(true, () => process.disconnect());
      return;
    }
  }
});
process.on('disconnect', () => process.exit(0));
