import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { heapSnapshotFlags, liveHeapMiB } from './liveHeap';
import { freePort } from './nodeHttp';
import { NodeProcess } from './nodeProcess';
import { WireClient } from './wireClient';

/**
 * Runs `body` against a fresh `pocnode start` (the built CLI, contract timers, its own data dir);
 * `liveHeap` measures the node's heap after a full GC (liveHeap.ts).
 */
export async function withNode<T>(
  extra: readonly string[],
  body: (tcp: number, http: number, node: NodeProcess, liveHeap: () => Promise<number>) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pocnode-attack-'));
  const diagDir = mkdtempSync(path.join(tmpdir(), 'pocnode-attack-heap-'));
  const httpPort = await freePort();
  const { node, ports } = await NodeProcess.start(
    [
      ...['--host', '127.0.0.1', '--port', '0', '--http-port', String(httpPort), '--data-dir', dataDir],
      ...['--no-dial', '--log-level', 'info', ...extra],
    ],
    30_000,
    heapSnapshotFlags(diagDir),
  );
  try {
    return await body(ports.tcp, httpPort, node, () => liveHeapMiB(node, httpPort, diagDir));
  } finally {
    node.kill('SIGTERM');
    await node.exited;
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(diagDir, { recursive: true, force: true });
  }
}

/** A peer that has said Hello and got the node's (from `localAddress` when given). */
export async function established(port: number, localAddress?: string): Promise<WireClient> {
  const c = await WireClient.connect('127.0.0.1', port, 5000, localAddress);
  c.hello();
  await c.waitFor((m) => m.command === 'Hello', 10_000, 'Hello');
  return c;
}

export interface HandshakeWatch {
  /** The most handshakes in progress (`awaitingHello` in `/status`) seen in one sample. */
  readonly max: number;
  readonly samples: number;
  /** How long `/status` took to answer, at worst: the node's event-loop lag, roughly. */
  readonly slowestStatusMs: number;
}

/** Samples `/status` every `everyMs` until `until` settles. */
export async function watchHandshakes(
  http: number,
  until: Promise<unknown>,
  everyMs = 50,
): Promise<HandshakeWatch> {
  let done = false;
  void until.finally(() => (done = true));
  let max = 0;
  let samples = 0;
  let slowestStatusMs = 0;
  while (!done) {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${http}/status`);
    const s = (await res.json()) as { peers: Array<{ state: string }> };
    slowestStatusMs = Math.max(slowestStatusMs, performance.now() - t0);
    samples++;
    max = Math.max(max, s.peers.filter((p) => p.state === 'awaitingHello').length);
    await sleep(everyMs);
  }
  return { max, samples, slowestStatusMs: Math.round(slowestStatusMs) };
}
