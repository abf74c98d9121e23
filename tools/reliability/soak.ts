import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionKind, SessionOutcome } from './churnSession';
import { runSession } from './churnSession';
import { EVENT_LOOP_LAG_METRICS, eventLoopLagMs, fetchMetrics, fetchStatus, freePort } from './nodeHttp';
import { NodeProcess, processFootprint } from './nodeProcess';
import { heapSnapshotFlags, liveHeapMiB } from './liveHeap';
import { loadChainBlocks } from './protocolData';

/**
 * `npm run reliability:soak [-- --minutes 10 --peers 20 --out FILE]`: runs the built CLI node and keeps
 * `peers` simulated peers churning against it (connect, exchange, leave; some abrupt, some hostile) for
 * `minutes`, sampling the node's RSS, heap, open file descriptors, active handles and event-loop lag every
 * 10 s. At the end the churn stops, the node is let go idle, and the idle figures are compared with those
 * before the churn.
 */

const USAGE = 'usage: node dist/tools/reliability/soak.js [--minutes N] [--peers N] [--out FILE]';
const SAMPLE_MS = 10_000;
const KINDS: ReadonlyArray<[SessionKind, number]> = [
  ['good', 0.6],
  ['abrupt', 0.2],
  ['garbage', 0.08],
  ['badTx', 0.07],
  ['silent', 0.05],
];
const METRICS = [
  'nodejs_heap_size_used_bytes',
  'nodejs_active_handles_total',
  'process_open_fds',
  ...EVENT_LOOP_LAG_METRICS,
] as const;

interface Sample {
  readonly tSeconds: number;
  readonly rssMiB: number;
  readonly heapMiB: number;
  readonly fds: number;
  readonly handles: number;
  readonly peers: number;
  readonly knownPeers: number;
  readonly txPool: number;
  readonly sessions: number;
  /** How long `/status` took to answer: the node's event-loop lag, roughly. */
  readonly statusMs: number;
  /** The node's event-loop delay since the previous scrape (nodeHttp's eventLoopLagMs). */
  readonly lagP50Ms: number;
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
}

function parseArgs(argv: readonly string[]): { minutes: number; peers: number; out: string | undefined } {
  let minutes = 10;
  let peers = 20;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[++i];
    if (a === '--minutes' && Number(next) > 0) minutes = Number(next);
    else if (a === '--peers' && Number(next) > 0) peers = Math.round(Number(next));
    else if (a === '--out' && next) out = next;
    else throw new Error(USAGE);
  }
  return { minutes, peers, out };
}

function chooseKind(): SessionKind {
  let r = Math.random();
  for (const [kind, p] of KINDS) {
    if (r < p) return kind;
    r -= p;
  }
  return 'good';
}

const MiB = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;
const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
async function main(): Promise<void> {
  const { minutes, peers, out } = parseArgs(process.argv.slice(2));
  const chain = loadChainBlocks();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pocnode-soak-'));
  const httpPort = await freePort();
  // SIGUSR2 makes the node write a heap snapshot, which runs a full GC first: the live heap at the end,
  // rather than whatever the collector happened to leave. Taken once, last: the snapshot itself costs RSS.
  const diagDir = mkdtempSync(path.join(tmpdir(), 'pocnode-soak-heap-'));
  const { node, ports } = await NodeProcess.start(
    [
      ...['--host', '127.0.0.1', '--port', '0', '--http-port', String(httpPort), '--data-dir', dataDir],
      ...['--no-dial', '--max-inbound-per-ip-per-second', '0', '--log-level', 'info'],
    ],
    30_000,
    heapSnapshotFlags(diagDir),
  );
  const started = Date.now();
  let sessions = 0;
  const sample = async (): Promise<Sample> => {
    const t0 = Date.now();
    const s = await fetchStatus(httpPort);
    const statusMs = Date.now() - t0;
    const [fp, m] = [processFootprint(node.pid), await fetchMetrics(httpPort, METRICS)];
    const lag = eventLoopLagMs(m);
    return {
      tSeconds: Math.round((Date.now() - started) / 1000),
      rssMiB: MiB(fp.rssBytes),
      heapMiB: MiB(m.nodejs_heap_size_used_bytes ?? 0),
      fds: fp.fds,
      handles: m.nodejs_active_handles_total ?? -1,
      peers: s.peers,
      knownPeers: s.knownPeers,
      txPool: s.txPool,
      sessions,
      statusMs,
      lagP50Ms: lag.p50,
      lagP99Ms: lag.p99,
      lagMaxMs: lag.max,
    };
  };
  // Why the node ended each session, from its own log lines ('peer disconnected').
  const nodeReasons = new Map<string, number>();
  node.onLine((line) => {
    if (line.msg !== 'peer disconnected') return;
    const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
    const key = [line.by, line.reason, line.wireError]
      .map(text)
      .filter((x) => x !== '')
      .join(':');
    nodeReasons.set(key, (nodeReasons.get(key) ?? 0) + 1);
  });
  const idleBefore = await sample();
  console.log('idle before', JSON.stringify(idleBefore));
  const samples: Sample[] = [];
  const outcomes = new Map<string, number>();
  const failures: SessionOutcome[] = [];
  const deadline = started + minutes * 60_000;
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const outcome = await runSession(chooseKind(), {
        host: '127.0.0.1',
        port: ports.tcp,
        chain,
        holdMs: 3000,
        replyMs: 10_000,
      });
      sessions++;
      const key = `${outcome.kind}:${outcome.ok ? 'ok' : 'failed'}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (!outcome.ok && failures.length < 20) {
        failures.push({
          ...outcome,
          detail: `t=${Math.round((Date.now() - started) / 1000)}s ${outcome.detail}`,
        });
      }
    }
  };
  const sampler = (async () => {
    while (Date.now() < deadline) {
      await sleep(SAMPLE_MS);
      const s = await sample();
      samples.push(s);
      console.log(JSON.stringify(s));
    }
  })();
  await Promise.all([...Array.from({ length: peers }, () => worker()), sampler]);
  // Let every session the node still holds (silent peers, graces) run out, then measure idle.
  for (let i = 0; i < 30 && (await fetchStatus(httpPort)).peers > 0; i++) await sleep(1000);
  await sleep(3000);
  const idleAfter = await sample();
  const liveHeapAfter = await liveHeapMiB(node, httpPort, diagDir);
  console.log('idle after', JSON.stringify(idleAfter), 'live heap after a full GC', liveHeapAfter, 'MiB');
  node.kill('SIGTERM');
  const exit = await node.exited;
  const warm = samples.filter((s) => s.tSeconds >= 60 && s.tSeconds <= 120);
  const last = samples.slice(-6);
  const avg = (xs: readonly Sample[], k: keyof Sample): number =>
    Math.round((xs.reduce((a, s) => a + s[k], 0) / Math.max(1, xs.length)) * 10) / 10;
  const summary = {
    minutes,
    concurrentPeers: peers,
    sessions,
    outcomes: Object.fromEntries([...outcomes].sort()),
    nodeReasons: Object.fromEntries([...nodeReasons].sort()),
    statusMs: {
      max: Math.max(...samples.map((x) => x.statusMs)),
      median: median(samples.map((x) => x.statusMs)),
    },
    eventLoopLagMs: {
      medianOfP50: median(samples.map((x) => x.lagP50Ms)),
      medianOfP99: median(samples.map((x) => x.lagP99Ms)),
      maxOfP99: Math.max(...samples.map((x) => x.lagP99Ms)),
      max: Math.max(...samples.map((x) => x.lagMaxMs)),
    },
    failures,
    idleBefore,
    idleAfter,
    liveHeapAfterFullGcMiB: liveHeapAfter,
    rssMiB: {
      minute1to2: avg(warm, 'rssMiB'),
      lastMinute: avg(last, 'rssMiB'),
      max: Math.max(...samples.map((s) => s.rssMiB)),
    },
    heapMiB: {
      minute1to2: avg(warm, 'heapMiB'),
      lastMinute: avg(last, 'heapMiB'),
      max: Math.max(...samples.map((s) => s.heapMiB)),
    },
    fds: {
      idleBefore: idleBefore.fds,
      idleAfter: idleAfter.fds,
      max: Math.max(...samples.map((s) => s.fds)),
    },
    handles: {
      idleBefore: idleBefore.handles,
      idleAfter: idleAfter.handles,
      max: Math.max(...samples.map((s) => s.handles)),
    },
    exit,
    samples,
  };
  console.log(JSON.stringify({ ...summary, samples: undefined }, null, 2));
  if (out) writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(diagDir, { recursive: true, force: true });
  if (exit.code !== 0 || idleAfter.fds > idleBefore.fds + 2) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
