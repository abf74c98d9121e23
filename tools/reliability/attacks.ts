import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DisconnectReason, FrameDecoder, decodeMessage, encodeMessageFrame, helloMessage } from '../../wire';
import type { Message } from '../../wire';
import { established, watchHandshakes, withNode } from './attackNode';
import { pingWhile } from './connectFlood';
import type { FloodRunOptions } from './floodScenarios';
import { DEFAULT_FLOOD, floodLimited, floodPendingBound } from './floodScenarios';
import { fetchMetrics, fetchStatus } from './nodeHttp';
import { processFootprint } from './nodeProcess';
import { loadChainBlocks } from './protocolData';

/**
 * `npm run reliability:attacks [-- --out FILE] [scenario…]`: the hostile peers of the hardening issue, over real TCP
 * on 127.0.0.1, each against a fresh `pocnode start` (the built CLI, contract timers): slowloris, connect
 * floods with and without the per-IP limit, a Ping flood past the frame budget, and a peer that never reads.
 * Prints one JSON object of figures per scenario (the numbers in RELIABILITY.md).
 */

async function slowloris(): Promise<unknown> {
  return withNode(['--max-inbound-per-ip-per-second', '0'], async (tcp, http) => {
    const hello = encodeMessageFrame(helloMessage(new Uint8Array(64).fill(9), { clientId: 'slowloris' }));
    const sockets: Array<{ s: Socket; reason: number | undefined; closedAt: number | undefined }> = [];
    const t0 = performance.now();
    for (let i = 0; i < 500; i++) {
      const entry = {
        s: connect({ host: '127.0.0.1', port: tcp }),
        reason: undefined as number | undefined,
        closedAt: undefined as number | undefined,
      };
      entry.s.on('error', () => undefined);
      const decoder = new FrameDecoder();
      entry.s.on('data', (d: Buffer) => {
        for (const payload of decoder.push(d).frames) {
          const m = decodeMessage(payload);
          if (m.command === 'Disconnect') entry.reason = m.reason;
        }
      });
      entry.s.on('close', () => (entry.closedAt = performance.now() - t0));
      sockets.push(entry);
    }
    const attack = (async () => {
      for (let byte = 0; byte < 8; byte++) {
        for (const { s } of sockets) if (!s.destroyed) s.write(hello.subarray(byte, byte + 1));
        await sleep(1000);
      }
    })();
    const held = watchHandshakes(http, attack);
    await sleep(1000);
    const t1 = performance.now();
    const real = await established(tcp);
    const handshakeMs = Math.round(performance.now() - t1);
    const from = real.messages.length;
    const t2 = performance.now();
    real.send({ command: 'GetPeers' });
    await real.waitFor((m) => m.command === 'Peers', 10_000, 'Peers', from);
    const getPeersMs = Math.round(performance.now() - t2);
    const pings = await pingWhile(real, 100, attack);
    await attack;
    const timedOut = sockets.filter((x) => x.reason === DisconnectReason.UselessPeer).length;
    return {
      scenario: 'slowloris: 500 peers sending Hello one byte a second, a real peer 1 s in',
      realPeer: { handshakeMs, getPeersMs, pings, stillConnected: !real.closed },
      maxHandshakesInProgress: (await held).max,
      slowloris: {
        closed: sockets.filter((x) => x.closedAt !== undefined).length,
        uselessPeerAtTimeout: timedOut,
        cutToMakeRoom: sockets.filter((x) => x.closedAt !== undefined && x.reason === undefined).length,
      },
    };
  });
}

function repeated(message: Message, times: number): Buffer {
  const frame = encodeMessageFrame(message);
  return Buffer.concat(Array.from({ length: times }, () => frame));
}

async function pingFlood(): Promise<unknown> {
  return withNode([], async (tcp, http, node) => {
    const bystander = await established(tcp);
    const flooder = await established(tcp);
    const rssBefore = processFootprint(node.pid).rssBytes;
    const t0 = performance.now();
    const from = flooder.messages.length;
    // 20,000 Pings a chunk, as fast as the socket takes them, until the node drops us.
    const chunk = repeated({ command: 'Ping' }, 20_000);
    const sending = (async () => {
      while (!flooder.closed && performance.now() - t0 < 20_000) {
        flooder.sendBytes(chunk);
        await sleep(10);
      }
    })();
    await flooder.waitFor((m) => m.command === 'Disconnect', 20_000, 'Disconnect', from);
    const droppedMs = Math.round(performance.now() - t0);
    const pongs = flooder.messages.slice(from).filter((m) => m.command === 'Pong').length;
    const reason = flooder.messages.find((m) => m.command === 'Disconnect');
    await sending;
    const pings = await pingWhile(bystander, 20, sleep(1000));
    const m = await fetchMetrics(http, ['nodejs_heap_size_used_bytes']);
    return {
      scenario: 'message flood: Pings as fast as TCP takes them (frame budget 1024/s, burst 8192)',
      disconnect: reason?.command === 'Disconnect' ? reason.reason : undefined,
      droppedAfterMs: droppedMs,
      pongsAnswered: pongs,
      nodeRssGrowthMiB: Math.round((processFootprint(node.pid).rssBytes - rssBefore) / 1048576),
      nodeHeapMiB: Math.round((m.nodejs_heap_size_used_bytes ?? 0) / 1048576),
      bystander: { pings, stillConnected: !bystander.closed },
      peersLeft: (await fetchStatus(http)).peers,
    };
  });
}

async function neverReads(): Promise<unknown> {
  const chain = loadChainBlocks();
  return withNode([], async (tcp, http, node) => {
    const feeder = await established(tcp);
    feeder.send({ command: 'Blocks', blocks: [...chain.blocks].reverse() });
    for (let i = 0; i < 100 && (await fetchStatus(http)).height < 11; i++) await sleep(50);
    const ended: string[] = [];
    node.onLine((l) => {
      if (l.msg === 'peer disconnected') ended.push(`${String(l.by)}: ${String(l.reason)}`);
    });
    const sink = await established(tcp);
    sink.pauseReading();
    const rssBefore = processFootprint(node.pid).rssBytes;
    const t0 = performance.now();
    // GetChain answers (the 11 real blocks, ~2.3 KiB) that it never reads, `perSecond` requests a second.
    const perSecond = 25;
    const ask = repeated({ command: 'GetChain', parents: [chain.genesisHash], count: 32 }, perSecond);
    let sent = 0;
    while (!sink.closed && performance.now() - t0 < 30_000) {
      sink.sendBytes(ask);
      sent += perSecond;
      await sleep(1000);
      if ((await fetchStatus(http)).peers < 2) break;
    }
    const burst = repeated({ command: 'GetChain', parents: [chain.genesisHash], count: 32 }, 1000);
    if (!sink.closed) sink.sendBytes(burst);
    for (let i = 0; i < 100 && (await fetchStatus(http)).peers > 1; i++) await sleep(100);
    return {
      scenario: `a peer that never reads: GetChain ${perSecond}/s for 30 s (within the frame budget), then 1000 at once`,
      getChainsSent: sent + 1000,
      secondsToDrop: Math.round((performance.now() - t0) / 100) / 10,
      howTheNodeEndedIt: ended,
      peersLeft: (await fetchStatus(http)).peers,
      nodeRssGrowthMiB: Math.round((processFootprint(node.pid).rssBytes - rssBefore) / 1048576),
      feederStillServed: !feeder.closed,
    };
  });
}

const USAGE =
  'usage: node dist/tools/reliability/attacks.js [--out FILE] [--seconds N] [--processes N] [--concurrency N] [scenario…]';

function parseArgs(argv: readonly string[]): { out?: string; names: string[]; flood: FloodRunOptions } {
  const flood = { ...DEFAULT_FLOOD };
  const names: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      names.push(a);
      continue;
    }
    const value = argv[++i];
    const n = Number(value);
    if (a === '--out' && value) out = value;
    else if (a === '--seconds' && n > 2) flood.seconds = n;
    else if (a === '--processes' && n >= 1) flood.processes = Math.round(n);
    else if (a === '--concurrency' && n >= 1) flood.concurrency = Math.round(n);
    else throw new Error(USAGE);
  }
  return { ...(out !== undefined && { out }), names, flood };
}

async function main(): Promise<void> {
  const { out, names, flood } = parseArgs(process.argv.slice(2));
  const scenarios: ReadonlyArray<[string, () => Promise<unknown>]> = [
    ['slowloris', slowloris],
    ['connect-flood-limited', () => floodLimited(flood)],
    ['connect-flood', () => floodPendingBound(flood)],
    ['ping-flood', pingFlood],
    ['never-reads', neverReads],
  ];
  const unknown = names.filter((n) => !scenarios.some(([name]) => name === n));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}; ${USAGE}`);
  const results: unknown[] = [];
  for (const [name, scenario] of scenarios) {
    if (names.length > 0 && !names.includes(name)) continue;
    const r = await scenario();
    console.log(JSON.stringify(r, null, 2));
    results.push(r);
  }
  if (out) writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
