import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadNote } from '../bench/loadNote';
import { established, watchHandshakes, withNode } from './attackNode';
import { pingWhile } from './connectFlood';
import type { FloodOrder } from './floodFleet';
import { FloodFleet, loopbackSources } from './floodFleet';
import { EVENT_LOOP_LAG_METRICS, eventLoopLagMs, fetchMetrics, fetchStatus } from './nodeHttp';
import type { NodeProcess } from './nodeProcess';
import { processCpuSeconds, processFootprint } from './nodeProcess';

/**
 * Issue 9's connect flood at thousands of connects a second, from several processes (FloodFleet), against
 * the built CLI: (a) the per-IP limit on and every connect from one address, (b) the limit off and the
 * sources rotated over 127.0.0.2–127.0.0.250, every connection silent and held, so that only the pending
 * bound (50, like geth's) stands between the flood and the node. Both measure a real peer's Ping→Pong
 * (before and during), a new real peer connecting mid-flood, the node's CPU, RSS and event-loop lag.
 */

export interface FloodRunOptions {
  /** Length of the flood, warm-up included. */
  readonly seconds: number;
  readonly processes: number;
  /** Connects in flight per process. */
  readonly concurrency: number;
}

export const DEFAULT_FLOOD: FloodRunOptions = { seconds: 20, processes: 3, concurrency: 100 };

/** The real peers connect from here; the flood never does (it would meet the per-IP limit itself). */
const REAL_PEER_ADDRESS = '127.0.0.1';
/** Counted from here: fork, first connects and the node's JIT warm-up are left out of the rates. */
const WARMUP_MS = 2000;
const INBOUND = 'pocnode_connections_total{direction="inbound"}';

const MiB = (bytes: number): number => Math.round(bytes / 1048576);
const round = (x: number): number => Math.round(x);

/** A new peer says Hello mid-flood: how long until the node's Hello, then until its answer to GetPeers. */
async function newPeer(tcp: number): Promise<{ handshakeMs: number; getPeersMs: number } | string> {
  try {
    const t0 = performance.now();
    const c = await established(tcp, REAL_PEER_ADDRESS);
    const handshakeMs = round(performance.now() - t0);
    const from = c.messages.length;
    const t1 = performance.now();
    c.send({ command: 'GetPeers' });
    await c.waitFor((m) => m.command === 'Peers', 10_000, 'Peers', from);
    const getPeersMs = round(performance.now() - t1);
    c.close();
    return { handshakeMs, getPeersMs };
  } catch (err: unknown) {
    return `failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** A flood scenario: the node's per-IP limit, its name in the report, the flood's sources and mode. */
interface FloodScenario {
  /** `--max-inbound-per-ip-per-second` (0: off). */
  readonly perIpPerSecond: number;
  readonly what: string;
  readonly order: Omit<FloodOrder, 'host' | 'port' | 'concurrency'>;
}

/** (a) The per-IP limit on (10/s, burst 100): every connect from 127.0.0.2, each reset once answered. */
const LIMITED: FloodScenario = {
  perIpPerSecond: 10,
  what: 'connect flood (a): per-IP limit 10/s, every connect from 127.0.0.2, reset once the node answers',
  order: { sources: ['127.0.0.2'], mode: 'close' },
};

/** (b) The per-IP limit off, sources rotated over 127.0.0.2–250, every connection silent and held. */
const PENDING_BOUND: FloodScenario = {
  perIpPerSecond: 0,
  what: 'connect flood (b): per-IP limit off, sources 127.0.0.2-250, every connection silent and held until the node closes it',
  order: { sources: loopbackSources(2, 250), mode: 'hold' },
};

interface FloodRun {
  readonly tcp: number;
  readonly http: number;
  readonly node: NodeProcess;
  readonly liveHeap: () => Promise<number>;
  readonly scenario: FloodScenario;
  readonly flood: FloodRunOptions;
}

async function runFlood({ tcp, http, node, liveHeap, scenario, flood: o }: FloodRun): Promise<unknown> {
  const { what, order } = scenario;
  const loadBefore = loadNote();
  const peer = await established(tcp, REAL_PEER_ADDRESS);
  const before = await pingWhile(peer, 20, sleep(3000));
  const liveHeapBefore = await liveHeap();
  const idle = processFootprint(node.pid);
  // What the node logged during the flood, by message: a flood must not become a log flood.
  const logged = new Map<string, number>();
  node.onLine((l) => {
    const msg = typeof l.msg === 'string' ? l.msg : '?';
    logged.set(msg, (logged.get(msg) ?? 0) + 1);
  });
  const fleet = FloodFleet.start(o.processes, {
    host: '127.0.0.1',
    port: tcp,
    concurrency: o.concurrency,
    ...order,
  });
  const floodOver = sleep(o.seconds * 1000);
  const held = watchHandshakes(http, floodOver, 20);
  await sleep(WARMUP_MS);
  // The scrape resets prom-client's event-loop histogram: the one at the end covers the window alone.
  const m0 = await fetchMetrics(http, [INBOUND, ...EVENT_LOOP_LAG_METRICS]);
  // Where the flood and the node stand at the window's two ends.
  const mark = () => ({
    at: performance.now(),
    counts: fleet.totals(),
    cpu: processCpuSeconds(node.pid),
    floodCpu: fleet.cpuSeconds(),
  });
  const w0 = mark();
  const rss: number[] = [];
  const sampling = (async () => {
    let done = false;
    void floodOver.finally(() => (done = true));
    while (!done) {
      rss.push(processFootprint(node.pid).rssBytes);
      await sleep(1000);
    }
  })();
  const [during, joined] = await Promise.all([
    pingWhile(peer, 20, floodOver),
    sleep(((o.seconds * 1000 - WARMUP_MS) / 2) | 0).then(() => newPeer(tcp)),
  ]);
  const m1 = await fetchMetrics(http, [INBOUND, ...EVENT_LOOP_LAG_METRICS]);
  const w1 = mark();
  const total = await fleet.stop();
  await sampling;
  const handshakes = await held;
  // Let the held handshakes run out (hello timeout 5 s, then the grace), then look at the node idle.
  for (let i = 0; i < 20 && (await fetchStatus(http)).peers > 1; i++) await sleep(500);
  const after = processFootprint(node.pid);
  const liveHeapAfter = await liveHeap();
  const seconds = (w1.at - w0.at) / 1000;
  const cpu = w1.cpu - w0.cpu;
  const rate = (k: keyof typeof w0.counts): number => round((w1.counts[k] - w0.counts[k]) / seconds);
  const accepted = (m1[INBOUND] ?? 0) - (m0[INBOUND] ?? 0);
  return {
    scenario: what,
    flood: { ...o, mode: order.mode, sources: order.sources.length },
    windowSeconds: Math.round(seconds * 10) / 10,
    perSecond: {
      attempted: rate('attempted'),
      tcpEstablished: rate('established'),
      greetedByNode: rate('greeted'),
      refusedUnread: rate('refused'),
      failed: rate('failed'),
      handedToSupervisor: round(accepted / seconds),
    },
    floodProcessesCpuPercentOfOneCore: round(((w1.floodCpu - w0.floodCpu) / seconds) * 100),
    node: {
      cpuPercentOfOneCore: round((cpu / seconds) * 100),
      establishedPerCpuSecond: round((w1.counts.established - w0.counts.established) / cpu),
      eventLoopLagMs: eventLoopLagMs(m1),
      rssMiB: {
        before: MiB(idle.rssBytes),
        firstSecond: MiB(rss[0] ?? NaN),
        lastSecond: MiB(rss[rss.length - 1] ?? NaN),
        max: MiB(Math.max(...rss)),
        after: MiB(after.rssBytes),
        everySecond: rss.map(MiB),
      },
      liveHeapMiB: { before: liveHeapBefore, after: liveHeapAfter },
      fds: { before: idle.fds, after: after.fds },
      logLines: Object.fromEntries(logged),
    },
    wholeRun: total,
    maxHandshakesInProgress: handshakes,
    establishedPeer: { before, during, stillConnected: !peer.closed },
    newPeerMidFlood: joined,
    load: { before: loadBefore, after: loadNote() },
  };
}

/** Runs `scenario` against a fresh node with its per-IP limit. */
function floodScenario(scenario: FloodScenario, o: FloodRunOptions): Promise<unknown> {
  return withNode(
    ['--max-inbound-per-ip-per-second', String(scenario.perIpPerSecond)],
    (tcp, http, node, liveHeap) => runFlood({ tcp, http, node, liveHeap, scenario, flood: o }),
  );
}

/** Scenario (a): the per-IP limit against a flood from one address. */
export function floodLimited(o: FloodRunOptions = DEFAULT_FLOOD): Promise<unknown> {
  return floodScenario(LIMITED, o);
}

/** Scenario (b): only the pending bound against a flood of held connections from 249 addresses. */
export function floodPendingBound(o: FloodRunOptions = DEFAULT_FLOOD): Promise<unknown> {
  return floodScenario(PENDING_BOUND, o);
}
