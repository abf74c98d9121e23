import { setTimeout as sleep } from 'node:timers/promises';
import { BenchChild } from './benchChild';
import { openBenchCore } from './benchNode';
import type { HostSample } from './clients/protocol';
import { loadNote } from './loadNote';
import { leastHandshakes, chartHandshakes } from './handshakeSkeleton';
import { compareRates, median } from './measure';
import { memoryHandshakeRate } from './memoryHandshakes';
import { allocationShareOf, FRAMEWORK_OWNERS, PROFILE_OWNERS, shareOf } from './profileShares';
import type { ProfileOwner, ProfileShares } from './profileShares';
import { formatNumber } from './types';
import type { Benchmark, BenchOptions } from './types';

/** Issue 8: ≥ 2,000 completed Hello ↔ Hello a second over TCP loopback, clients in another process. */
const GOAL_PER_SECOND = 2000;
const CLIENT_PROCESSES = 2;
/** Connections each client keeps in their handshake at once. */
const CONCURRENCY = 32;
/**
 * Load before the windows: V8 has optimised the handshake's code by then. In 3 of 3 runs sampled every 3 s for
 * 48 s the first 3 s took 1.3–2.7× the node-CPU-µs of the steady state, and in 2 of them the next 3 s still
 * 1.2× (session 5).
 */
const WARMUP_MS = 6000;
const WINDOW_MS = 3000;
const WINDOWS = 3;
/** After the windows, the node's main thread is profiled this long, the load still on. */
const PROFILE_MS = 3000;
/** One thread's time a handshake at the goal's rate. */
const BUDGET_US = 1e6 / GOAL_PER_SECOND;
/** The in-process figure: rounds of this many handshakes over the memory transport. */
const MEMORY_ROUND = 2000;
const MEMORY_ROUNDS = 5;

/**
 * A node (`startNode`, LevelDB, TCP on 127.0.0.1) in its own process; load generators in two more, each
 * keeping 32 connections in their handshake: Hello with a fresh node id, wait for the node's GetPeers
 * (it follows admission), close (FIN), again. Counted on the node: handshakes it completed (Hello received
 * and admitted), per second of wall time and per second of the node process's CPU time. Baseline: the same
 * clients against a bare server doing only the node's socket and codec work of a handshake, measured
 * right after in the same run (clients/nodeHost.ts, startRawHandshakes); the row's ratio is of the wall
 * rates (handshakes per second, the figures it shows), the per-CPU-second ratio is in its note.
 * Then, the load still on, a profile of the node's main thread (tools/bench/profileShares.ts): its time a
 * handshake by owner, and what of it is XState, Node.js, V8 and the kernel (with the part of GC their
 * allocations make), which no change to pocnode's code outside its machines' charts can remove
 * (`handshake.framework`).
 * Then the same handshakes in this process over the memory transport: the node's own CPU per handshake
 * without the kernel's share, a figure the load of a shared machine moves far less than the TCP one.
 * Then XState's own cost of the handshake's actor steps, through the node's charts and through the least
 * charts that could take the same steps (`handshake.xstateCharts`): what of XState's share a leaner chart
 * could remove. The verdict weighs the profile against the 500 µs a handshake that 2,000/s leaves one
 * thread, from what no node with an XState actor per connection can avoid to what pocnode's code adds.
 */
export const handshakeBenchmark: Benchmark = {
  name: 'handshake',
  description: 'Hello ↔ Hello handshakes per second over TCP loopback, clients in other processes',
  async run(options) {
    const tcp = await tcpHandshakes('node');
    const raw = await tcpHandshakes('raw');
    // Of the figures in the row (handshakes per second of wall time); per CPU-second in the note.
    const ratio = tcp.rate / raw.rate;
    // After the TCP run, its processes gone: nothing else loads this process's core while it measures.
    const memory = await memoryRate();
    const charts = xstateCharts(options);
    const profiled = tcp.profile;
    if (profiled === undefined) throw new Error('handshake: the node was not profiled');
    const busyUs = (profiled.shares.busyMs * 1000) / Math.max(1, profiled.handshakes);
    const frameworkUs = busyUs * shareOf(profiled.shares, FRAMEWORK_OWNERS);
    // With the two info lines a connection that issue 6 asks for, which no node meeting it can drop.
    const logUs = busyUs * shareOf(profiled.shares, ['log']);
    // The framework with XState's share (its GC part included) cut to the least charts' (handshake.xstateCharts).
    const leastFrameworkUs =
      frameworkUs - busyUs * shareOf(profiled.shares, ['xstate']) * (1 - 1 / charts.ratio);
    const frameworkAllocations = allocationShareOf(profiled.shares, FRAMEWORK_OWNERS);
    return [
      {
        name: 'handshake.tcp',
        value: tcp.rate,
        unit: 'handshakes/s',
        baseline: raw.rate,
        ratio,
        goal: { of: 'value', min: GOAL_PER_SECOND },
        note:
          `median of ${WINDOWS} windows of ${WINDOW_MS / 1000} s; node process at ` +
          `${((tcp.rate / tcp.perCpu) * 100).toFixed(0)}% of a core = ${formatNumber(tcp.perCpu)} per ` +
          `node-CPU-second (${formatNumber(1e6 / tcp.perCpu)} µs); clients ${formatNumber(tcp.clientUs)} CPU-µs a ` +
          `handshake; ${tcp.failed} refused; ${tcp.load}. ` +
          `Baseline: the same clients against a bare server doing the node's socket and codec work of a ` +
          `handshake (clients/nodeHost.ts, startRawHandshakes): ${formatNumber(raw.rate)}/s at ` +
          `${((raw.rate / raw.perCpu) * 100).toFixed(0)}% of a core, ${formatNumber(raw.perCpu)} per CPU-second ` +
          `(${formatNumber(1e6 / raw.perCpu)} µs), clients ${formatNumber(raw.clientUs)} CPU-µs a handshake; per CPU-second ` +
          `the node does ${(tcp.perCpu / raw.perCpu).toFixed(2)} of the bare server`,
      },
      {
        name: 'handshake.framework',
        value: frameworkUs,
        unit: 'main-thread µs/handshake',
        note:
          `XState, Node.js, V8 and the kernel, with the part of GC their allocations make, in a profile of the ` +
          `node's main thread over ${PROFILE_MS / 1000} s after the windows, the load still on (then ` +
          `${PROFILE_MS / 1000} s of allocation sampling): ` +
          `${formatNumber(busyUs)} µs busy a handshake (${formatNumber(profiled.handshakes)} handshakes, ` +
          `${formatNumber(profiled.handshakes / (profiled.windowMs / 1000))}/s in that window), ` +
          `${describeShares(profiled.shares)}; of the bytes allocated, XState, Node.js and V8 ` +
          `${(frameworkAllocations * 100).toFixed(0)}%. With the least XState for the same actor steps ` +
          `(handshake.xstateCharts: ${((1 / charts.ratio) * 100).toFixed(0)}% of the charts' XState) ` +
          `${formatNumber(leastFrameworkUs)} µs. 2,000/s leaves one thread ${BUDGET_US} µs a handshake: ` +
          verdict({ busyUs, frameworkUs, leastFrameworkUs, logUs }),
      },
      {
        name: 'handshake.xstateCharts',
        value: charts.chartUs,
        unit: 'CPU-µs/handshake',
        baseline: charts.leastUs,
        ratio: charts.ratio,
        note:
          `information: XState's own cost of a handshake's ten actor events, one peer actor made and stopped ` +
          `and two timers, in this process, all effects taken out (tools/bench/handshakeSkeleton.ts): through ` +
          `supervisorMachine and peerMachine (the charts that traces, /status and the dashboard show) ` +
          `${formatNumber(charts.chartUs)} µs, through the least charts for the same steps ` +
          `${formatNumber(charts.leastUs)} µs (baseline); ratio ours / least, paired by round; ` +
          `median of ${charts.rounds} alternated rounds`,
      },
      {
        name: 'handshake.memory',
        value: memory,
        unit: 'handshakes/CPU-s',
        note:
          `node core (no log) and its remote ends in this process over the memory transport: ` +
          `${formatNumber(1e6 / memory)} CPU-µs a handshake without sockets; median of ${MEMORY_ROUNDS} rounds ` +
          `of ${formatNumber(MEMORY_ROUND)}`,
      },
    ];
  },
};

interface TcpRun {
  /** Handshakes per second of wall time, and per second of the server process's CPU time. */
  readonly rate: number;
  readonly perCpu: number;
  readonly failed: number;
  readonly load: string;
  /** The load generators' CPU per handshake they completed (both processes, µs). */
  readonly clientUs: number;
  /** The node's main thread profiled after the windows (not the bare server's). */
  readonly profile?: {
    readonly shares: ProfileShares;
    readonly handshakes: number;
    readonly windowMs: number;
  };
}

/** Main-thread µs a handshake in the profile window, and the parts the verdict weighs. */
interface HandshakeCosts {
  readonly busyUs: number;
  /** XState (as pocnode's charts use it), Node.js, V8, the kernel and their part of GC. */
  readonly frameworkUs: number;
  /** The same with XState's share cut to the least charts' (handshake.xstateCharts). */
  readonly leastFrameworkUs: number;
  /** The two info lines a connection issue 6 asks for. */
  readonly logUs: number;
}

/**
 * Whether the goal was within reach in this run's phase of the VM, and of what: the first bound it
 * passes, from what no node built as this one is (an XState actor per connection, on Node.js) can avoid, to
 * what pocnode's own code adds.
 */
export function verdict(c: HandshakeCosts): string {
  const { busyUs, frameworkUs, leastFrameworkUs, logUs } = c;
  const us = (x: number): string => `${formatNumber(x)} µs`;
  if (leastFrameworkUs > BUDGET_US)
    return (
      `out of reach in this run's phase of the VM for any node that runs each connection as an XState actor ` +
      `on Node.js, whatever its charts and its own code (${us(leastFrameworkUs)})`
    );
  if (leastFrameworkUs + logUs > BUDGET_US)
    return (
      `out of reach in this run's phase for any such node that writes the two info lines a connection issue 6 ` +
      `asks for (${us(leastFrameworkUs + logUs)})`
    );
  if (frameworkUs + logUs > BUDGET_US)
    return (
      `out of reach in this run's phase with the peer and supervisor charts as they are ` +
      `(${us(frameworkUs + logUs)} with issue 6's lines), whatever the rest of pocnode's code does; ` +
      `the least charts for the same steps would leave ${us(BUDGET_US - leastFrameworkUs - logUs)}`
    );
  if (busyUs <= BUDGET_US) return `under it in the profile window (${us(busyUs)})`;
  return (
    `within reach: pocnode's code, metrics, other libraries and their part of GC take ` +
    `${us(busyUs - frameworkUs - logUs)}, of which ${us(busyUs - BUDGET_US)} would have to go`
  );
}

/** XState's cost of a handshake through pocnode's charts and through the least ones (handshakeSkeleton.ts). */
function xstateCharts(options: BenchOptions): {
  chartUs: number;
  leastUs: number;
  ratio: number;
  rounds: number;
} {
  const counts = { mailbox: 0, forgotten: 0 };
  const least = leastHandshakes(counts);
  const charts = chartHandshakes(counts);
  const r = compareRates(least, charts, options);
  least.stop();
  charts.stop();
  // compareRates' ratio is of rates (least / charts), per round: the charts' µs over the least's.
  return {
    chartUs: 1e6 / r.baseline.unitsPerSecond,
    leastUs: 1e6 / r.ours.unitsPerSecond,
    ratio: r.ratio,
    rounds: options.rounds,
  };
}

/** "XState 38%, Node.js and the kernel 32%, …", largest first. */
function describeShares(profile: ProfileShares): string {
  const names: Record<ProfileOwner, string> = {
    xstate: 'XState',
    node: 'Node.js and the kernel',
    v8: 'V8',
    gc: 'GC',
    log: 'log lines',
    metrics: 'metrics',
    pocnode: 'pocnode',
    libraries: 'other libraries',
  };
  return [...PROFILE_OWNERS]
    .sort((a, b) => profile.shares[b] - profile.shares[a])
    .map((owner) => `${names[owner]} ${(profile.shares[owner] * 100).toFixed(1)}%`)
    .join(', ');
}

/** The TCP figure: the server (the node, or the bare baseline) and load generators in processes of their own. */
async function tcpHandshakes(server: 'node' | 'raw'): Promise<TcpRun> {
  // The bare server runs in the node host without its flags (--expose-gc, the optional profile), as its
  // baseline always ran: nothing it measures needs them.
  const host = server === 'node' ? BenchChild.startNodeHost() : BenchChild.start('nodeHost');
  const clients: BenchChild[] = [];
  try {
    const { port } = await host.ask(
      server === 'node' ? { type: 'startNode', config: {} } : { type: 'startRawHandshakes' },
      'started',
    );
    for (let i = 0; i < CLIENT_PROCESSES; i++) clients.push(BenchChild.start('handshakeClient'));
    for (const c of clients)
      c.send({ type: 'handshakes', target: { host: '127.0.0.1', port }, concurrency: CONCURRENCY });
    await sleep(WARMUP_MS);
    const clientsBefore = await Promise.all(clients.map((c) => c.ask({ type: 'report' }, 'reported')));
    const rates: number[] = [];
    const perCpu: number[] = [];
    let before: HostSample = (await host.ask({ type: 'sample' }, 'sampled')).sample;
    for (let w = 0; w < WINDOWS; w++) {
      await sleep(WINDOW_MS);
      const after = (await host.ask({ type: 'sample' }, 'sampled')).sample;
      const done = after.handshakes - before.handshakes;
      rates.push(done / ((after.atMs - before.atMs) / 1000));
      perCpu.push(done / ((after.cpuUs - before.cpuUs) / 1e6));
      before = after;
    }
    const reports = await Promise.all(clients.map((c) => c.ask({ type: 'report' }, 'reported')));
    const profile =
      server === 'node'
        ? await host.ask({ type: 'profile', ms: PROFILE_MS }, 'profiled', 2 * PROFILE_MS + 30_000)
        : undefined;
    const failed = reports.reduce((n, r) => n + r.report.failed, 0);
    // The load generators' own CPU over the windows, per handshake they completed: on 2 vCPUs it is what the
    // node cannot have.
    let clientCpuUs = 0;
    let clientHandshakes = 0;
    reports.forEach((r, i) => {
      const b = clientsBefore[i]!.report;
      clientCpuUs += r.report.cpuUs - b.cpuUs;
      clientHandshakes += r.report.handshakes - b.handshakes;
    });
    return {
      rate: median(rates),
      perCpu: median(perCpu),
      failed,
      load: loadNote(),
      clientUs: clientHandshakes > 0 ? clientCpuUs / clientHandshakes : 0,
      ...(profile && {
        profile: { shares: profile.shares, handshakes: profile.handshakes, windowMs: profile.windowMs },
      }),
    };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await host.close();
  }
}

/**
 * The node's own work per handshake, without the kernel's: the same handshakes against a node core in
 * this process over the memory transport (tools/bench/memoryHandshakes.ts), per second of CPU time.
 */
async function memoryRate(): Promise<number> {
  const core = await openBenchCore();
  try {
    return await memoryHandshakeRate(core, MEMORY_ROUND, MEMORY_ROUNDS);
  } finally {
    await core.stop();
  }
}
