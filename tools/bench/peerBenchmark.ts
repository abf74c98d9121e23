import { connectionPort } from '../../machines/connectionPort';
import { createMemoryPair } from '../../transport/memory';
import type { Connection } from '../../transport/connection';
import { decodeMessage, encodeMessageFrame, FrameDecoder } from '../../wire';
import { openBenchCore } from './benchNode';
import { compareRatesAsync } from './measure';
import { PeerDriver, pingChunk } from './peerDriver';
import { formatNumber } from './types';
import { BenchChild } from './benchChild';
import type { Benchmark } from './types';

/** Issue 8: Ping → Pong through one peer machine at ≥ 200,000 messages/s on one core. */
const GOAL_PINGS_PER_SECOND = 200_000;
/** Pings per written chunk, chunks per pass, chunks in flight. */
const PINGS_PER_CHUNK = 50;
const CHUNKS_PER_PASS = 40;
const WINDOW = 4;

/**
 * The baseline: the same codec work as the node's (decode each Ping; write the Pong frame, which the node's
 * connection encodes once per message object and the machine's Pong is a constant) with no machine.
 * Until session 3 it encoded every Pong, which the node never did.
 */
function plainResponder(connection: Connection): void {
  const decoder = new FrameDecoder();
  const pong = encodeMessageFrame({ command: 'Pong' });
  connection.start({
    data: (chunk) => {
      for (const payload of decoder.push(chunk).frames) {
        if (decodeMessage(payload).command === 'Ping') connection.write(pong);
      }
    },
    closed: () => undefined,
  });
}

/**
 * One admitted peer of a real node core (supervisor, peer machine and its connection, chain manager,
 * metrics observer, peer-state tracking: what `startNode` runs) on the in-memory transport; the driver
 * pipelines pings and counts Pongs. Baseline: the same driver against the codec alone on the same
 * transport. Then XState's own cost per event, measured apart (xstateFloor.ts).
 */
export const peerBenchmark: Benchmark = {
  name: 'peer',
  description: 'Ping → Pong through one peer machine of a node on the memory transport vs the codec alone',
  async run(options) {
    // XState's own cost in a fresh process: in this one, machines run before or after it would change
    // both figures (V8 specialises XState's code to the machines it has seen).
    const floorHost = BenchChild.start('xstateFloorHost');
    const { results: floor } = await floorHost.ask({ type: 'floor', options }, 'floored');
    await floorHost.close();
    const core = await openBenchCore();
    const [nodeSide, driverSide] = createMemoryPair();
    core.accept(nodeSide, 'inbound');
    const driver = new PeerDriver(driverSide);
    await driver.handshake();

    const [plainSide, baselineSide] = createMemoryPair();
    plainResponder(plainSide);
    const baselineDriver = new PeerDriver(baselineSide);

    const chunk = pingChunk(PINGS_PER_CHUNK);
    const baseline = () => baselineDriver.pingPong(chunk, PINGS_PER_CHUNK, CHUNKS_PER_PASS, WINDOW);
    const r = await compareRatesAsync(
      () => driver.pingPong(chunk, PINGS_PER_CHUNK, CHUNKS_PER_PASS, WINDOW),
      baseline,
      options,
    );
    // The same peer with the direct path of `active.idle` closed, so that every Ping is an XState step of
    // its machine, as it is while `pinging` (closed before each pass: re-entering idle would reopen it).
    const port = connectionPort(nodeSide);
    const step = await compareRatesAsync(
      () => {
        port.directPath(undefined);
        return driver.pingPong(chunk, PINGS_PER_CHUNK, CHUNKS_PER_PASS, WINDOW);
      },
      baseline,
      options,
    );
    await core.stop();
    const cpuShare = r.ours.perSecond / r.ours.perCpuSecond;
    return [
      {
        name: 'peer.pingpong',
        value: r.ours.perCpuSecond,
        unit: 'pings/CPU-s',
        baseline: r.baseline.perCpuSecond,
        ratio: r.ratio,
        goal: { of: 'value', min: GOAL_PINGS_PER_SECOND },
        note:
          `each ping is one message in and one Pong out; per second of this process's CPU time ("one core"); ` +
          `wall: ${formatNumber(r.ours.perSecond)} pings/s vs ${formatNumber(r.baseline.perSecond)} with ` +
          `${(cpuShare * 100).toFixed(0)}% of a core. In \`active.idle\` the machine has its port answer a ` +
          `Ping with its Pong (machines/connectionPort.ts)`,
      },
      {
        name: 'peer.pingpong.machineStep',
        value: step.ours.perCpuSecond,
        unit: 'pings/CPU-s',
        baseline: step.baseline.perCpuSecond,
        ratio: step.ratio,
        note:
          'information: the same peer with every Ping an XState event of its machine (the direct path closed, ' +
          "as while `pinging`): XState's own cost per event (peer.xstate.minimal) plus the codec",
      },
      ...floor,
    ];
  },
};
