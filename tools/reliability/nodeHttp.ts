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
