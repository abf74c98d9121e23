import { createServer } from 'node:net';

/** A port free right now on 127.0.0.1 (the HTTP page needs a real port: 0 turns it off). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function get(port: number, path: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return res.text();
}

export interface NodeStatusSample {
  readonly peers: number;
  readonly knownPeers: number;
  readonly txPool: number;
  readonly height: number;
}

/** The fields of `/status` the scripts follow (CONTRACT.md §5). */
export async function fetchStatus(port: number): Promise<NodeStatusSample> {
  const s = JSON.parse(await get(port, '/status')) as {
    peers: unknown[];
    knownPeers: number;
    txPool: number;
    head: { height: number };
  };
  return { peers: s.peers.length, knownPeers: s.knownPeers, txPool: s.txPool, height: s.head.height };
}

/**
 * Selected samples of `/metrics` (Prometheus text), by series: a metric name, or a name with its labels
 * as the node prints them (`pocnode_connections_total{direction="inbound"}`).
 */
export async function fetchMetrics(port: number, names: readonly string[]): Promise<Record<string, number>> {
  const text = await get(port, '/metrics');
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-z_0-9]+(?:\{[^}]*\})?) ([0-9.e+-]+)$/.exec(line);
    if (m && names.includes(m[1]!)) out[m[1]!] = Number(m[2]);
  }
  return out;
}

/**
 * The node's event-loop delay series in `/metrics`: prom-client's monitorEventLoopDelay, reset at every
 * scrape, so each scrape covers the time since the previous one. It records the time between its 10 ms
 * timer ticks, so an idle loop reads ~10 ms.
 */
export const EVENT_LOOP_LAG_METRICS = [
  'nodejs_eventloop_lag_p50_seconds',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_eventloop_lag_max_seconds',
] as const;

export interface EventLoopLagMs {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** The event-loop lag in ms (one decimal; NaN where missing) from samples with EVENT_LOOP_LAG_METRICS. */
export function eventLoopLagMs(metrics: Readonly<Record<string, number>>): EventLoopLagMs {
  const ms = (name: string): number => Math.round((metrics[name] ?? NaN) * 10_000) / 10;
  const [p50, p99, max] = EVENT_LOOP_LAG_METRICS;
  return { p50: ms(p50), p99: ms(p99), max: ms(max) };
}
