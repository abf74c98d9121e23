import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fetchStatus, freePort } from './nodeHttp';
import type { NodeStatusSample } from './nodeHttp';
import { NodeProcess } from './nodeProcess';
import { loadChainBlocks, signedTransaction } from './protocolData';
import type { RealChain } from './protocolData';
import { WireClient } from './wireClient';

/**
 * `npm run reliability:crash [-- --rounds 50 --out FILE]`: kills the built CLI node with SIGKILL while it
 * imports blocks, pools and relays transactions and records peers, `rounds` times over one data directory.
 * Each restart must open the store, bring back at least everything that was settled before the kill (the
 * floor: head height, pooled transactions, known peers, read from `/status` after a quiet moment), and serve
 * again: Hello, GetChain from the genesis answered with the stored chain, GetTransactions with the pool.
 */

const USAGE = 'usage: node dist/tools/reliability/crashRounds.js [--rounds N] [--out FILE]';
interface Opened {
  readonly blocks: number;
  readonly head: number;
  readonly transactions: number;
  readonly knownPeers: number;
}

interface RoundReport {
  readonly round: number;
  readonly opened: Opened;
  readonly floor: NodeStatusSample | undefined;
  readonly openMs: number;
  readonly servedBlocks: number;
  readonly servedTransactions: number;
  readonly killedAfterMs: number;
  /** `/status` just before the kill: what the node held in memory then. */
  readonly atKill: NodeStatusSample;
  readonly problems: string[];
}

function parseArgs(argv: readonly string[]): { rounds: number; out: string | undefined } {
  let rounds = 50;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[++i];
    if (a === '--rounds' && Number(v) > 0) rounds = Math.round(Number(v));
    else if (a === '--out' && v) out = v;
    else throw new Error(USAGE);
  }
  return { rounds, out };
}

function openedOf(line: Record<string, unknown>): Opened {
  const n = (k: string): number => (typeof line[k] === 'number' ? line[k] : -1);
  return {
    blocks: n('blocks'),
    head: n('head'),
    transactions: n('transactions'),
    knownPeers: n('knownPeers'),
  };
}

/** Hello, then GetChain [genesis, 32] and GetTransactions: what the node serves right after a restart. */
async function probe(port: number, chain: RealChain): Promise<{ blocks: number; transactions: number }> {
  const c = await WireClient.connect('127.0.0.1', port);
  try {
    c.hello();
    await c.waitFor((m) => m.command === 'Hello', 10_000, 'Hello');
    const from = c.messages.length;
    c.send({ command: 'GetChain', parents: [chain.genesisHash], count: 32 });
    const blocks = await c.waitFor(
      (m) => m.command === 'Blocks' || m.command === 'NotInChain',
      10_000,
      'Blocks',
      from,
    );
    c.send({ command: 'GetTransactions' });
    // The node itself sends GetTransactions and GetChain on every handshake; wait for its answer to ours.
    const txs = await c.waitFor((m) => m.command === 'Transactions', 10_000, 'Transactions', from);
    return {
      blocks: blocks.command === 'Blocks' ? blocks.blocks.length : 0,
      transactions: txs.command === 'Transactions' ? txs.transactions.length : 0,
    };
  } finally {
    c.destroy();
  }
}

/** Keeps the node busy until stopped: fresh transactions (validated, pooled, stored, relayed), peers recorded. */
function workload(
  port: number,
  round: number,
): { pause: (on: boolean) => void; stop: () => void; done: Promise<void> } {
  let stopped = false;
  let paused = false;
  const done = (async () => {
    const relayTarget = await WireClient.connect('127.0.0.1', port);
    relayTarget.hello({ listenPort: 20_000 + round });
    const feeder = await WireClient.connect('127.0.0.1', port);
    feeder.hello({ listenPort: 40_000 + round });
    while (!stopped && !feeder.closed) {
      if (!paused)
        feeder.send({ command: 'Transactions', transactions: [signedTransaction(), signedTransaction()] });
      await sleep(20);
    }
  })().catch(() => undefined);
  return { pause: (on) => (paused = on), stop: () => (stopped = true), done };
}

/** Waits until two `/status` samples `ms` apart agree on head, pool and known peers: nothing left in flight. */
async function settled(httpPort: number, ms: number): Promise<NodeStatusSample> {
  let last = await fetchStatus(httpPort);
  for (let i = 0; i < 100; i++) {
    await sleep(ms);
    const now = await fetchStatus(httpPort);
    if (now.height === last.height && now.txPool === last.txPool && now.knownPeers === last.knownPeers)
      return now;
    last = now;
  }
  return last;
}

async function runRound(
  round: number,
  dataDir: string,
  chain: RealChain,
  floor: NodeStatusSample | undefined,
): Promise<{ report: RoundReport; nextFloor: NodeStatusSample }> {
  const problems: string[] = [];
  const httpPort = await freePort();
  const t0 = performance.now();
  const { node, ports } = await NodeProcess.start([
    ...['--host', '127.0.0.1', '--port', '0', '--http-port', String(httpPort), '--data-dir', dataDir],
    ...['--no-dial', '--max-inbound-per-ip-per-second', '0', '--log-level', 'info'],
  ]);
  const openMs = Math.round(performance.now() - t0);
  const opened = openedOf(await node.waitForLine((l) => l.msg === 'store opened', 1000, 'store opened'));
  if (floor) {
    if (opened.head < floor.height) problems.push(`head ${opened.head} < settled ${floor.height}`);
    if (opened.transactions < floor.txPool)
      problems.push(`pool ${opened.transactions} < settled ${floor.txPool}`);
    if (opened.knownPeers < floor.knownPeers)
      problems.push(`known peers ${opened.knownPeers} < settled ${floor.knownPeers}`);
  }
  const served = await probe(ports.tcp, chain);
  if (served.blocks !== Math.min(opened.head, 32))
    problems.push(`GetChain served ${served.blocks} of ${opened.head}`);
  if (served.transactions < Math.min(opened.transactions, 4096))
    problems.push(`served ${served.transactions} txs`);

  // Grow the chain by one real block a round (while there are any), and keep transactions flowing.
  const target = Math.min(chain.blocks.length, opened.head + 1);
  const work = workload(ports.tcp, round);
  const blockFeeder = await WireClient.connect('127.0.0.1', ports.tcp);
  blockFeeder.hello();
  blockFeeder.send({ command: 'Blocks', blocks: chain.blocks.slice(0, target).reverse() });
  for (let i = 0; i < 50 && (await fetchStatus(httpPort)).height < target; i++) await sleep(100);
  // The settled floor: the workload paused, /status unchanged for a while (the writes behind have landed).
  work.pause(true);
  const nextFloor = await settled(httpPort, 500);
  work.pause(false);
  if (nextFloor.height < target) problems.push(`head ${nextFloor.height} never reached ${target}`);
  // Then the kill, at a random moment of the resumed relay and storage, right after one more block when
  // there is one (so that some kills land while a block is being written).
  const killedAfterMs = Math.round(50 + Math.random() * 700);
  await sleep(killedAfterMs);
  if (target < chain.blocks.length) {
    blockFeeder.send({ command: 'Blocks', blocks: chain.blocks.slice(0, target + 1).reverse() });
    await sleep(Math.random() * 5);
  }
  const atKill = await fetchStatus(httpPort);
  node.kill('SIGKILL');
  const exit = await node.exited;
  if (exit.signal !== 'SIGKILL') problems.push(`exited with ${JSON.stringify(exit)} before the kill`);
  work.stop();
  blockFeeder.destroy();
  await work.done;
  return {
    report: {
      round,
      opened,
      floor,
      openMs,
      servedBlocks: served.blocks,
      servedTransactions: served.transactions,
      killedAfterMs,
      atKill,
      problems,
    },
    nextFloor,
  };
}

async function main(): Promise<void> {
  const { rounds, out } = parseArgs(process.argv.slice(2));
  const chain = loadChainBlocks();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pocnode-crash-'));
  const reports: RoundReport[] = [];
  let floor: NodeStatusSample | undefined;
  for (let round = 1; round <= rounds; round++) {
    const { report, nextFloor } = await runRound(round, dataDir, chain, floor);
    reports.push(report);
    floor = nextFloor;
    console.log(
      `round ${round}: opened in ${report.openMs} ms with head ${report.opened.head}, ${report.opened.transactions} txs, ` +
        `${report.opened.knownPeers} known peers; served ${report.servedBlocks} blocks, ${report.servedTransactions} txs; ` +
        `killed ${report.killedAfterMs} ms after the settle${report.problems.length ? ` — PROBLEMS: ${report.problems.join('; ')}` : ''}`,
    );
  }
  // A last clean start and stop: the store is whole and the node exits 0 on SIGTERM.
  const { node } = await NodeProcess.start([
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--http-port',
    '0',
    '--data-dir',
    dataDir,
    '--no-dial',
  ]);
  const opened = openedOf(await node.waitForLine((l) => l.msg === 'store opened', 1000, 'store opened'));
  node.kill('SIGTERM');
  const exit = await node.exited;
  const failed = reports.filter((r) => r.problems.length > 0);
  // What the node held in memory at a kill and did not bring back: transactions accepted in the last
  // moments, whose writes behind had not reached LevelDB yet (never anything settled).
  const reopened = [...reports.slice(1).map((r) => r.opened), opened];
  const lostTxs = reports.map((r, i) => Math.max(0, r.atKill.txPool - reopened[i]!.transactions));
  const lostBlocks = reports.map((r, i) => Math.max(0, r.atKill.height - reopened[i]!.head));
  const openMs = reports.map((r) => r.openMs).sort((a, b) => a - b);
  const summary = {
    rounds,
    roundsWithProblems: failed.length,
    finalOpen: opened,
    finalExit: exit,
    openMs: { median: openMs[Math.floor(openMs.length / 2)], max: openMs[openMs.length - 1] },
    unsettledLostAtKill: {
      transactionsMax: Math.max(...lostTxs),
      transactionsTotal: lostTxs.reduce((a, b) => a + b, 0),
      blocksMax: Math.max(...lostBlocks),
    },
    reports,
  };
  console.log(JSON.stringify({ ...summary, reports: undefined }, null, 2));
  if (out) writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
  rmSync(dataDir, { recursive: true, force: true });
  if (failed.length > 0 || exit.code !== 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
