import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { WireClient } from './wireClient';

export interface FloodOptions {
  readonly host: string;
  readonly port: number;
  /** Connections to open in all. */
  readonly total: number;
  /** Open at once at most; each one that ends makes room for the next. */
  readonly concurrency: number;
}

export interface FloodResult {
  readonly connects: number;
  /** Sockets the node wrote to (its Hello): a handshake was started for them. */
  readonly greeted: number;
  /** Sockets the node closed without writing a byte (per-IP limit, or no room at all). */
  readonly closedUnread: number;
  /** Connects that failed (refused, reset before established). */
  readonly failed: number;
  readonly seconds: number;
}

/**
 * Opens `total` TCP connections as fast as the node accepts them, none of which ever says anything: each
 * holds its socket until the node closes it (a pending handshake evicted or timed out, or a connection
 * the per-IP limit refused). Settles when all have ended.
 */
export function floodConnects(o: FloodOptions): Promise<FloodResult> {
  const started = performance.now();
  let opened = 0;
  let ended = 0;
  let greeted = 0;
  let closedUnread = 0;
  let failed = 0;
  const open = new Set<Socket>();
  return new Promise((resolve) => {
    const next = (): void => {
      while (opened < o.total && open.size < o.concurrency) {
        opened++;
        const socket = connect({ host: o.host, port: o.port });
        open.add(socket);
        let wrote = false;
        let established = false;
        socket.once('connect', () => {
          established = true;
        });
        socket.on('data', () => {
          if (!wrote) greeted++;
          wrote = true;
        });
        socket.on('error', () => undefined);
        socket.once('close', () => {
          open.delete(socket);
          if (!established) failed++;
          else if (!wrote) closedUnread++;
          ended++;
          if (ended === o.total) {
            resolve({
              connects: opened - failed,
              greeted,
              closedUnread,
              failed,
              seconds: (performance.now() - started) / 1000,
            });
          } else next();
        });
      }
    };
    next();
  });
}

export interface PingStats {
  readonly sent: number;
  readonly answered: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Pings over an established session every `everyMs` until `until` settles, timing each Pong. */
export async function pingWhile(
  client: WireClient,
  everyMs: number,
  until: Promise<unknown>,
): Promise<PingStats> {
  const latencies: number[] = [];
  let sent = 0;
  let done = false;
  void until.finally(() => {
    done = true;
  });
  while (!done && !client.closed) {
    const from = client.messages.length;
    const t0 = performance.now();
    client.send({ command: 'Ping' });
    sent++;
    try {
      await client.waitFor((m) => m.command === 'Pong', 30_000, 'Pong', from);
      latencies.push(performance.now() - t0);
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN) * 10) / 10;
  return { sent, answered: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}
