import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningNode } from '../../actors/node';
import { BenchChild } from './benchChild';
import { fullCollections, startBenchNode } from './benchNodeProcess';
import type { NodeCounters } from './benchNodeProcess';
import { perPeer, summarizeHeapSnapshot, totalBytes } from './heapSnapshotSummary';
import type { HeapSummary } from './heapSnapshotSummary';
import { loadNote } from './loadNote';

/*
 * Where the idle benchmark's bytes per peer go (issue 8, "10,000 idle TCP peers"):
 *
 *   node --expose-gc dist/tools/bench/heapPerPeer.js [--peers 2000,4000] [--clients 2] [--top 40] [--keep DIR]
 *
 * This process runs the node as the idle benchmark's node host does (startBenchNode) and forks idle clients
 * (clients/idleClient) that connect to it over TCP loopback, 50 handshakes at a time each, as the benchmark's.
 * Two passes, each in a fresh process of its own. Memory: at 0 peers and at each count of `--peers`, after
 * three full collections, RSS, V8's heap pages and used heap by space, and external memory, per peer added:
 * what is not V8's heap or external is native (sockets, libuv handles, malloc). Heap: snapshots at the first
 * and last count (at 0 and the count when only one is given), and the growth between them by kind of object
 * (self size, heapSnapshotSummary), per peer added; starting above 0 leaves out what the first connections
 * make once (compiled code, hidden classes, caches). The passes are apart because once V8 has written a
 * snapshot it keeps tracking every object's id, which costs native memory the node does not otherwise use.
 */

interface Options {
  readonly points: readonly number[];
  readonly clients: number;
  readonly concurrency: number;
  readonly top: number;
  readonly keep: string | undefined;
  /** Which pass this process runs (the parent forks one of each). */
  readonly pass: 'both' | 'memory' | 'heap';
}

const USAGE =
  'usage: node --expose-gc dist/tools/bench/heapPerPeer.js [--peers N[,N…]] [--clients C] [--top K] [--keep DIR]';

function parseArgs(argv: readonly string[]): Options {
  let points = [2000, 4000];
  let clients = 2;
  let top = 40;
  let keep: string | undefined;
  let pass: Options['pass'] = 'both';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    const positive = (s: string): number => {
      const n = Number(s);
      if (!Number.isInteger(n) || n <= 0) throw new Error(`${a}: ${s} is not a positive integer\n${USAGE}`);
      return n;
    };
    if (a === '--peers') points = value().split(',').map(positive);
    else if (a === '--clients') clients = positive(value());
    else if (a === '--top') top = positive(value());
    else if (a === '--keep') keep = value();
    else if (a === '--pass') {
      const v = value();
      if (v !== 'memory' && v !== 'heap') throw new Error(`--pass memory|heap\n${USAGE}`);
      pass = v;
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (points.some((p, i) => i > 0 && p <= points[i - 1]!)) throw new Error(`--peers must increase\n${USAGE}`);
  return { points, clients, concurrency: 50, top, keep, pass };
}

interface MemoryPoint {
  readonly peers: number;
  readonly rss: number;
  readonly heapUsed: number;
  /** V8's heap pages in RSS (total_physical_size). */
  readonly heapPhysical: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** Committed and used bytes of each V8 heap space. */
  readonly spaces: ReadonlyMap<string, { committed: number; used: number }>;
}

function readMemory(peers: number): MemoryPoint {
  const m = process.memoryUsage();
  const spaces = new Map(
    getHeapSpaceStatistics().map((s) => [s.space_name, { committed: s.space_size, used: s.space_used_size }]),
  );
  return {
    peers,
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapPhysical: getHeapStatistics().total_physical_size,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    spaces,
  };
}

const MIB = 1024 * 1024;
const mib = (n: number): string => (n / MIB).toFixed(1);

function printMemory(points: readonly MemoryPoint[]): void {
  console.log('\nmemory after three full collections (MiB):');
  console.log('peers      rss  heapPhys  heapUsed  external  arrayBufs  old space used/committed');
  for (const p of points) {
    const old = p.spaces.get('old_space');
    console.log(
      `${String(p.peers).padStart(5)} ${mib(p.rss).padStart(8)} ${mib(p.heapPhysical).padStart(9)} ` +
        `${mib(p.heapUsed).padStart(9)} ${mib(p.external).padStart(9)} ${mib(p.arrayBuffers).padStart(10)}  ` +
        `${old ? `${mib(old.used)}/${mib(old.committed)}` : '?'}`,
    );
  }
  const zero = points[0]!;
  for (let i = 1; i < points.length; i++) {
    const from = i === 1 ? zero : points[i - 1]!;
    const to = points[i]!;
    const n = to.peers - from.peers;
    const per = (x: number): string => `${Math.round(x / n)} B`;
    const rss = to.rss - from.rss;
    const heap = to.heapPhysical - from.heapPhysical;
    const external = to.external - from.external;
    console.log(
      `${from.peers} → ${to.peers} peers, per peer: RSS ${per(rss)} = V8 heap pages ${per(heap)} ` +
        `(used ${per(to.heapUsed - from.heapUsed)}) + external ${per(external)} ` +
        `+ native (the rest: sockets, libuv, malloc) ${per(rss - heap - external)}`,
    );
    const spaces = [...to.spaces.keys()].map((name) => {
      const a = from.spaces.get(name) ?? { committed: 0, used: 0 };
      const b = to.spaces.get(name)!;
      return `${name} ${Math.round((b.used - a.used) / n)}/${Math.round((b.committed - a.committed) / n)}`;
    });
    console.log(`  by space, used/committed B per peer: ${spaces.join(', ')}`);
  }
}

function printTable(before: HeapSummary, after: HeapSummary, peers: number, top: number): void {
  const rows = perPeer(before, after, peers);
  const total = (totalBytes(after) - totalBytes(before)) / peers;
  console.log(`\nJS heap growth by kind of object (self size), per peer added: ${total.toFixed(0)} B in all`);
  console.log(`${'kind'.padEnd(90)} ${'count'.padStart(7)} ${'bytes'.padStart(7)}`);
  let shown = 0;
  for (const r of rows.slice(0, top)) {
    shown += r.bytesPerPeer;
    console.log(
      `${r.key.slice(0, 90).padEnd(90)} ${r.countPerPeer.toFixed(2).padStart(7)} ${r.bytesPerPeer.toFixed(0).padStart(7)}`,
    );
  }
  console.log(`${'(the rest)'.padEnd(90)} ${''.padStart(7)} ${(total - shown).toFixed(0).padStart(7)}`);
}

/**
 * Connects the points' counts of peers in turn and calls `measure` at 0 and at each, after the connects
 * settle (3 s, as the idle benchmark waits).
 */
async function connectInSteps(
  options: Options,
  measure: (peers: number, point: number) => Promise<void> | void,
): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pocnode-bench-'));
  const counters: NodeCounters = { peers: 0, handshakes: 0 };
  const clients: BenchChild[] = [];
  let node: RunningNode | undefined;
  try {
    node = await startBenchNode(dataDir, {}, counters);
    const target = { host: '127.0.0.1', port: node.ports.tcp };
    await fullCollections();
    await measure(0, -1);
    for (let i = 0; i < options.clients; i++) clients.push(BenchChild.start('idleClient'));
    let connected = 0;
    for (const [point, peers] of options.points.entries()) {
      const started = performance.now();
      const each = Math.ceil((peers - connected) / options.clients);
      await Promise.all(
        clients.map((c, i) => {
          const count = Math.min(each, peers - connected - i * each);
          return count <= 0
            ? Promise.resolve()
            : c.ask(
                { type: 'connect', target, count, concurrency: options.concurrency },
                'connected',
                600_000,
              );
        }),
      );
      connected = peers;
      console.log(
        `${options.pass} pass: ${counters.peers} peers on the node (${peers} asked), connected in ` +
          `${((performance.now() - started) / 1000).toFixed(1)} s; ${loadNote()}`,
      );
      await sleep(3000);
      await fullCollections();
      await measure(counters.peers, point);
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await node?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Memory at each point, no snapshot: once V8 has written one it tracks every object's id (native memory). */
async function memoryPass(options: Options): Promise<void> {
  const memory: MemoryPoint[] = [];
  await connectInSteps(options, (peers) => {
    memory.push(readMemory(peers));
  });
  printMemory(memory);
}

/** Heap snapshots at the first and last count of peers (at 0 and the count when only one is asked for). */
async function heapPass(options: Options): Promise<void> {
  const dir = options.keep ?? mkdtempSync(path.join(tmpdir(), 'pocnode-heap-'));
  mkdirSync(dir, { recursive: true });
  const last = options.points.length - 1;
  const first = last > 0 ? 0 : -1;
  const snapshots: Array<{ peers: number; file: string }> = [];
  await connectInSteps(options, (peers, point) => {
    if (point !== first && point !== last) return;
    snapshots.push({ peers, file: writeHeapSnapshot(path.join(dir, `peers-${peers}.heapsnapshot`)) });
  });
  const [from, to] = snapshots;
  if (from === undefined || to === undefined) throw new Error('heap pass: two snapshots were not written');
  console.log(`\nheap snapshots ${from.file} → ${to.file}`);
  printTable(
    summarizeHeapSnapshot(from.file),
    summarizeHeapSnapshot(to.file),
    to.peers - from.peers,
    options.top,
  );
  if (options.keep === undefined) rmSync(dir, { recursive: true, force: true });
}

/** Runs `--pass memory`, then `--pass heap`, each in a fresh process (node --expose-gc) of its own. */
async function bothPasses(): Promise<void> {
  for (const pass of ['memory', 'heap']) {
    const child = fork(__filename, [...process.argv.slice(2), '--pass', pass], {
      execArgv: ['--expose-gc'],
      stdio: 'inherit',
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`${pass} pass exited with ${code}`);
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.pass === 'memory') await memoryPass(options);
  else if (options.pass === 'heap') await heapPass(options);
  else await bothPasses();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
