import { setTimeout as sleep } from 'node:timers/promises';
import { BenchChild } from './benchChild';
import type { ClientReport, HostSample } from './clients/protocol';
import { loadNote } from './loadNote';
import { cpuSecondsSince, median } from './measure';
import { readTransactionLines, relayTransactionsFile } from './relayTransactions';
import { validateTransaction } from '../../chain';
import { decodeRlp, transactionFromRlp } from '../../wire';
import { formatNumber } from './types';
import type { Benchmark } from './types';

/** Issue 8: one transaction stream from one peer fanned out to 50 peers, ≥ 50,000 transactions delivered a second. */
const GOAL_DELIVERED_PER_SECOND = 50_000;
const RECEIVERS = 50;
/** Distinct signed transactions the sender cycles through (more than every bound the node remembers). */
const TRANSACTIONS = 20_000;
const PER_FRAME = 10;
/** Transactions the sender keeps ahead of what every receiver has seen. */
const WINDOW = 200;
const WARMUP_MS = 4000;
const WINDOW_MS = 3000;
const WINDOWS = 3;

interface RelayRun {
  /** Transactions the receivers got, per second (all of them together). */
  readonly delivered: number;
  /** Transactions the sender wrote, per second. */
  readonly sent: number;
  /** Delivered per second of the relaying process's CPU time. */
  readonly deliveredPerCpu: number;
  /** Share of one core the relaying process used. */
  readonly cpuShare: number;
  readonly receivers: number;
}

/**
 * Transactions of the file checked in this process to measure what one signature check costs: rounds of
 * 500 (~0.2 s of CPU each with libsecp256k1), the median taken, as one short round moved with the load.
 */
const CHECKS_PER_ROUND = 500;
const CHECK_ROUNDS = 5;
const CHECK_WARMUP = 50;

/**
 * Signature checks (validateTransaction: secp256k1 recovery of the sender, libsecp256k1 as WASM) per second
 * of CPU time, on distinct transactions of the file, after a few to warm up the WASM module and the JIT.
 */
function signatureChecksPerCpuSecond(file: string): number {
  const txs = readTransactionLines(file, CHECK_WARMUP + CHECKS_PER_ROUND * CHECK_ROUNDS).map((line) =>
    transactionFromRlp(decodeRlp(Uint8Array.from(Buffer.from(line, 'hex')))),
  );
  txs.slice(0, CHECK_WARMUP).forEach((tx) => validateTransaction(tx));
  const rates: number[] = [];
  for (let round = 0; round < CHECK_ROUNDS; round++) {
    const from = CHECK_WARMUP + round * CHECKS_PER_ROUND;
    const cpu = process.cpuUsage();
    for (const tx of txs.slice(from, from + CHECKS_PER_ROUND)) validateTransaction(tx);
    rates.push(CHECKS_PER_ROUND / cpuSecondsSince(cpu));
  }
  return median(rates);
}

/** Transactions whose signatures the node checks before the run in the `verdictsKnown` variant. */
const KNOWN_VERDICTS = 6000;

interface RelaySetup {
  readonly mode: 'startNode' | 'startRawRelay';
  readonly file: string;
  /** The sender cycles through the first `count` transactions of the file. */
  readonly count: number;
  /** Have the node check these signatures before the run (its verdict cache then answers). */
  readonly prevalidate: boolean;
}

/** Fifty receivers, then the sender; windows of delivered transactions counted at the receivers. */
async function measure({
  mode,
  file,
  count,
  prevalidate,
}: RelaySetup): Promise<RelayRun & { checkMs: number }> {
  const host = BenchChild.startNodeHost();
  const clients = BenchChild.start('relayClient');
  try {
    const start =
      mode === 'startNode'
        ? ({ type: 'startNode', config: {} } as const)
        : ({ type: 'startRawRelay' } as const);
    const { port } = await host.ask(start, 'started');
    const target = { host: '127.0.0.1', port };
    const checkMs = prevalidate
      ? (await host.ask({ type: 'prevalidate', file, count }, 'prevalidated', 600_000)).ms
      : 0;
    const joined = await clients.ask(
      { type: 'connect', target, count: RECEIVERS, concurrency: RECEIVERS },
      'connected',
    );
    clients.send({ type: 'stream', target, file, count, transactionsPerFrame: PER_FRAME, window: WINDOW });
    await sleep(WARMUP_MS);
    const snap = async (): Promise<[ClientReport, ClientReport, HostSample]> => {
      const [c, h] = await Promise.all([
        clients.ask({ type: 'report' }, 'reported'),
        host.ask({ type: 'sample' }, 'sampled'),
      ]);
      return [c.report, c.report, h.sample];
    };
    let before = await snap();
    const delivered: number[] = [];
    const sent: number[] = [];
    const perCpu: number[] = [];
    const share: number[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      await sleep(WINDOW_MS);
      const after = await snap();
      const seconds = (after[2].atMs - before[2].atMs) / 1000;
      const cpuSeconds = (after[2].cpuUs - before[2].cpuUs) / 1e6;
      const got = after[0].transactionsReceived - before[0].transactionsReceived;
      delivered.push(got / seconds);
      sent.push((after[1].transactionsSent - before[1].transactionsSent) / seconds);
      perCpu.push(got / cpuSeconds);
      share.push(cpuSeconds / seconds);
      before = after;
    }
    return {
      delivered: median(delivered),
      sent: median(sent),
      deliveredPerCpu: median(perCpu),
      cpuShare: median(share),
      receivers: joined.open,
      checkMs,
    };
  } finally {
    await clients.close();
    await host.close(60_000);
  }
}

/**
 * A node (`startNode`) in its own process; 50 peers that only listen and one that streams Transactions
 * frames (10 distinct signed transactions each, at most 200 ahead of what every listener has seen) in
 * another. The node checks every signature, pools and
 * relays each transaction to the 50 others (cpp-ethereum's relay). Counted at the receivers. Baseline: the
 * same harness with a raw relay in the node's place, which writes every frame it gets, as it got it, to
 * every other socket.
 */
export const relayBenchmark: Benchmark = {
  name: 'relay',
  description:
    'one transaction stream fanned out to 50 peers over TCP, vs raw socket writes of the same bytes',
  async run() {
    const { file, generatedMs } = relayTransactionsFile(TRANSACTIONS);
    const ours = await measure({ mode: 'startNode', file, count: TRANSACTIONS, prevalidate: false });
    const raw = await measure({ mode: 'startRawRelay', file, count: TRANSACTIONS, prevalidate: false });
    const known = await measure({ mode: 'startNode', file, count: KNOWN_VERDICTS, prevalidate: true });
    const checksPerCpu = signatureChecksPerCpuSecond(file);
    const ceiling = RECEIVERS * checksPerCpu;
    return [
      {
        name: 'relay.delivered',
        value: ours.delivered,
        unit: 'tx/s',
        baseline: raw.delivered,
        ratio: ours.delivered / raw.delivered,
        goal: { of: 'value', min: GOAL_DELIVERED_PER_SECOND },
        note:
          `${ours.receivers} receivers; ${formatNumber(ours.sent)} tx/s in from the sender; node at ` +
          `${(ours.cpuShare * 100).toFixed(0)}% of a core = ${formatNumber(ours.deliveredPerCpu)} delivered per ` +
          `node-CPU-second (raw relay: ${formatNumber(raw.deliveredPerCpu)}); ${formatNumber(checksPerCpu)} ` +
          `signature checks (secp256k1 recovery, libsecp256k1 as WASM) per CPU-second here, so checking ` +
          `alone caps one core at ${formatNumber(ceiling)} delivered/s; ${loadNote()}` +
          (generatedMs > 0
            ? `; signed ${TRANSACTIONS} transactions first in ${(generatedMs / 1000).toFixed(0)} s`
            : ''),
      },
      {
        name: 'relay.delivered.verdictsKnown',
        value: known.delivered,
        unit: 'tx/s',
        baseline: raw.delivered,
        ratio: known.delivered / raw.delivered,
        note:
          `information: the same relay with every signature verdict already known (${KNOWN_VERDICTS} ` +
          `transactions cycled, checked before the run), i.e. everything but secp256k1; node at ` +
          `${(known.cpuShare * 100).toFixed(0)}% of a core = ${formatNumber(known.deliveredPerCpu)} per node-CPU-second`,
      },
    ];
  },
};
