import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HeapProfiler } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';
import type { RunningNode } from '../../../actors/node';
import type { NodeConfig } from '../../../actors/nodeConfig';
import { toHex, transactionHash } from '../../../chain';
import { sharedSenderCache } from '../../../chain/senderCache';
import {
  decodeMessage,
  decodeRlp,
  encodeFrame,
  encodeMessageFrame,
  FrameDecoder,
  helloMessage,
  NODE_ID_BYTES,
  transactionFromRlp,
} from '../../../wire';
import { profileShares } from '../profileShares';
import type { ProfileShares } from '../profileShares';
import { readTransactionLines } from '../relayTransactions';
import { fullCollections, startBenchNode } from '../benchNodeProcess';
import type { NodeCounters } from '../benchNodeProcess';
import { serveParent, toParent } from './childMain';
import { hostSample, listenOnLoopback } from './hostSample';

/*
 * The process a TCP benchmark measures: a real node (`startNode`: LevelDB in a temporary directory, TCP on
 * 127.0.0.1, metrics, the info-level log written to /dev/null as the CLI would write it to stdout), or one
 * of the bare servers that stand in for it as a baseline, with no node started: the relay's raw relay
 * (`startRawRelay`) and the handshake's raw handshakes (`startRawHandshakes`). A node host is started by
 * BenchChild.startNodeHost with --expose-gc so its RSS can be read after a full collection; the handshake
 * baseline by `BenchChild.start('nodeHost')`, without flags, as its own process was.
 */

/** The node's data directory, made when a node is started (the bare servers need none). */
let dataDir: string | undefined;
let node: RunningNode | undefined;
let raw: Server | undefined;
const counters: NodeCounters = { peers: 0, handshakes: 0 };
let delay: IntervalHistogram | undefined;

async function start(overrides: Partial<NodeConfig>): Promise<number> {
  dataDir ??= mkdtempSync(path.join(tmpdir(), 'pocnode-bench-'));
  node = await startBenchNode(dataDir, overrides, counters);
  return node.ports.tcp;
}

/** A bare server's Hello frame, encoded once. */
function bareHello(nodeId: Uint8Array, clientId: string): Buffer {
  return Buffer.from(encodeMessageFrame(helloMessage(nodeId, { clientId })));
}

/** What a bare server does with a connection; the rest (counting, decoding frames, errors) is common. */
interface BareConnection {
  /** On accept. */
  readonly accepted?: (socket: Socket) => void;
  /** A frame before the peer's Hello: true if it is that Hello (answered here, counted as a handshake). */
  readonly greeting: (socket: Socket, payload: Uint8Array) => boolean;
  /** A frame after the peer's Hello. */
  readonly frame?: (socket: Socket, payload: Uint8Array) => void;
  readonly closed?: (socket: Socket) => void;
}

/**
 * A bare server in place of the node, on 127.0.0.1: its connections are counted as peers and the ones
 * it greeted as handshakes, and each socket's frames are cut by a FrameDecoder and handed to `c`.
 * Resolves with the port.
 */
function startBareServer(c: BareConnection): Promise<number> {
  raw = createServer({ noDelay: true }, (socket) => {
    const decoder = new FrameDecoder();
    let greeted = false;
    counters.peers++;
    c.accepted?.(socket);
    socket.on('data', (chunk: Buffer) => {
      for (const payload of decoder.push(chunk).frames) {
        if (greeted) c.frame?.(socket, payload);
        else if (c.greeting(socket, payload)) {
          greeted = true;
          counters.handshakes++;
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      counters.peers--;
      c.closed?.(socket);
    });
  });
  return listenOnLoopback(raw);
}

/**
 * The baseline of the relay: the same bytes, written by a plain server to every other socket. The peer's
 * first frame, whatever it is, counts as its Hello and is answered with Hello and GetPeers.
 */
function startRawRelay(): Promise<number> {
  const sockets = new Set<Socket>();
  const helloAnswer = Buffer.concat([
    bareHello(randomBytes(NODE_ID_BYTES), 'pocnode-bench-client'),
    encodeMessageFrame({ command: 'GetPeers' }),
  ]);
  return startBareServer({
    greeting: (socket) => {
      sockets.add(socket);
      socket.write(helloAnswer);
      return true;
    },
    frame: (socket, payload) => {
      const frame = Buffer.from(encodeFrame(payload).buffer);
      for (const other of sockets) if (other !== socket) other.write(frame);
    },
    closed: (socket) => sockets.delete(socket),
  });
}

/*
 * The baseline of the handshake: the socket and codec work of the node's side of one handshake, with
 * nothing else. On accept it writes a Hello (encoded once); the peer's first frame is decoded as the node
 * decodes it and answered with GetPeers, GetChain and GetTransactions in one write, as the node's corked
 * writes go out; the peer's FIN closes the socket. No machines, actors, admission, registry, metrics or log:
 * what stands between the node and this is pocnode's own cost per connection.
 */
function startRawHandshakes(): Promise<number> {
  const hello = bareHello(new Uint8Array(NODE_ID_BYTES).fill(1), 'raw');
  const answer = Buffer.concat([
    encodeMessageFrame({ command: 'GetPeers' }),
    encodeMessageFrame({ command: 'GetChain', parents: [new Uint8Array(32).fill(2)], count: 256 }),
    encodeMessageFrame({ command: 'GetTransactions' }),
  ]);
  return startBareServer({
    accepted: (socket) => {
      socket.write(hello);
      socket.on('end', () => socket.destroy());
    },
    greeting: (socket, payload) => {
      if (decodeMessage(payload).command !== 'Hello') return false;
      socket.write(answer);
      return true;
    },
  });
}

/**
 * CPU time of the calling thread (this process's main thread) in ms, from Linux's schedstat (in ns); undefined
 * where there is none (another system), and the profile is then read without it.
 */
function threadCpuMs(): number | undefined {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/**
 * The main thread's time over the next `ms`, by owner (tools/bench/profileShares.ts), from V8's CPU profiler
 * (1 ms samples, as `--cpu-prof` takes them) and the handshakes completed meanwhile; then as long again, its
 * sampling heap profiler (who allocates what GC collects). The two options that keep collected objects in the heap profile are
 * V8's (Node 20 takes them) but not yet in @types/node's list, hence the cast.
 */
async function profileWindow(
  ms: number,
): Promise<{ shares: ProfileShares; handshakes: number; windowMs: number }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 1000 });
    const before = counters.handshakes;
    const cpuBefore = threadCpuMs();
    const startedAt = performance.now();
    await session.post('Profiler.start');
    await sleep(ms);
    // Read before stopping: building the profile is work of this thread too.
    const cpuAfter = threadCpuMs();
    const threadCpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
    const handshakes = counters.handshakes - before;
    // As long as the handshakes were counted: a timer under load fires late.
    const windowMs = performance.now() - startedAt;
    const { profile } = await session.post('Profiler.stop');
    // Then, in a window of its own (its stack walks would weigh on the allocating code's CPU share), who
    // allocates: garbage included, since what the young generation collects is what GC's time is spent on.
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 32_768,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as HeapProfiler.StartSamplingParameterType);
    await sleep(ms);
    const { profile: heap } = await session.post('HeapProfiler.stopSampling');
    const shares = profileShares(profile, {
      heap,
      ...(threadCpu !== undefined && { threadCpuMs: threadCpu }),
    });
    return { shares, handshakes, windowMs };
  } finally {
    session.disconnect();
  }
}

serveParent(
  async (m) => {
    switch (m.type) {
      case 'startNode':
        toParent({ type: 'started', port: await start(m.config) });
        return;
      case 'startRawRelay':
        toParent({ type: 'started', port: await startRawRelay() });
        return;
      case 'startRawHandshakes':
        toParent({ type: 'started', port: await startRawHandshakes() });
        return;
      case 'sample':
        toParent({ type: 'sampled', sample: hostSample(counters) });
        return;
      case 'prevalidate': {
        const started = performance.now();
        for (const line of readTransactionLines(m.file, m.count)) {
          const tx = transactionFromRlp(decodeRlp(Uint8Array.from(Buffer.from(line, 'hex'))));
          sharedSenderCache.sender(tx, toHex(transactionHash(tx)));
        }
        toParent({ type: 'prevalidated', ms: performance.now() - started });
        return;
      }
      case 'gc': {
        await fullCollections();
        const memory = process.memoryUsage();
        toParent({ type: 'collected', rss: memory.rss, heapUsed: memory.heapUsed });
        return;
      }
      case 'profile':
        toParent({ type: 'profiled', ...(await profileWindow(m.ms)) });
        return;
      case 'delayStart':
        delay = monitorEventLoopDelay({ resolution: 10 });
        delay.enable();
        return;
      case 'delayStop': {
        if (!delay) throw new Error('delayStop before delayStart');
        delay.disable();
        const ms = (ns: number): number => ns / 1e6;
        toParent({
          type: 'delay',
          delay: {
            p50Ms: ms(delay.percentile(50)),
            p99Ms: ms(delay.percentile(99)),
            maxMs: ms(delay.max),
            samples: delay.count,
          },
        });
        return;
      }
      default:
        throw new Error(`nodeHost: unexpected ${m.type}`);
    }
  },
  async () => {
    await node?.stop();
    raw?.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  },
);
