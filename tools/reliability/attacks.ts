import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DisconnectReason, FrameDecoder, decodeMessage, encodeMessageFrame } from '../../wire';
import type { Message } from '../../wire';
import { floodConnects, pingWhile } from './connectFlood';
import { fetchMetrics, fetchStatus, freePort } from './nodeHttp';
import { NodeProcess, processFootprint } from './nodeProcess';
import { loadChainBlocks } from './protocolData';
import { WireClient } from './wireClient';

/**
 * `npm run reliability:attacks [-- --out FILE] [scenario…]`: the hostile peers of the hardening issue, over real TCP
 * on 127.0.0.1, each against a fresh `pocnode start` (the built CLI, contract timers): slowloris, connect
 * floods with and without the per-IP limit, a Ping flood past the frame budget, and a peer that never reads.
 * Prints one JSON object of figures per scenario (the numbers in RELIABILITY.md).
 */

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function withNode<T>(
  extra: readonly string[],
  body: (tcp: number, http: number, node: NodeProcess) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pocnode-attack-'));
  const httpPort = await freePort();
  const { node, ports } = await NodeProcess.start([
    ...['--host', '127.0.0.1', '--port', '0', '--http-port', String(httpPort), '--data-dir', dataDir],
    ...['--no-dial', '--log-level', 'info', ...extra],
  ]);
  try {
    return await body(ports.tcp, httpPort, node);
  } finally {
    node.kill('SIGTERM');
    await node.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function established(port: number): Promise<WireClient> {
  const c = await WireClient.connect('127.0.0.1', port);
  c.hello();
  await c.waitFor((m) => m.command === 'Hello', 10_000, 'Hello');
  return c;
}

/** Samples `/status` until `until` settles: the most handshakes in progress seen. */
async function watchHandshakes(http: number, until: Promise<unknown>): Promise<number> {
  let done = false;
  void until.finally(() => (done = true));
  let max = 0;
  while (!done) {
    const res = await fetch(`http://127.0.0.1:${http}/status`);
    const s = (await res.json()) as { peers: Array<{ state: string }> };
    max = Math.max(max, s.peers.filter((p) => p.state === 'awaitingHello').length);
    await sleep(50);
  }
  return max;
}

async function slowloris(): Promise<unknown> {
  return withNode(['--max-inbound-per-ip-per-second', '0'], async (tcp, http) => {
    const hello = encodeMessageFrame({
      command: 'Hello',
      protocolVersion: 8,
      networkId: 0,
      clientId: 'slowloris',
      capabilities: 7,
      listenPort: 0,
      nodeId: new Uint8Array(64).fill(9),
      fieldOrder: 'capabilitiesFirst',
    });
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
      maxHandshakesInProgress: await held,
      slowloris: {
        closed: sockets.filter((x) => x.closedAt !== undefined).length,
        uselessPeerAtTimeout: timedOut,
        cutToMakeRoom: sockets.filter((x) => x.closedAt !== undefined && x.reason === undefined).length,
      },
    };
  });
}

async function connectFlood(perIp: number): Promise<unknown> {
  return withNode(['--max-inbound-per-ip-per-second', String(perIp)], async (tcp, http, node) => {
    const peer = await established(tcp);
    const before = await pingWhile(peer, 20, sleep(2000));
    const flood = floodConnects({ host: '127.0.0.1', port: tcp, total: 5000, concurrency: 300 });
    const [result, held, during] = await Promise.all([
      flood,
      watchHandshakes(http, flood),
      pingWhile(peer, 20, flood),
    ]);
    const fp = processFootprint(node.pid);
    return {
      scenario: `connect flood: 5000 connects from 127.0.0.1, per-IP limit ${perIp || 'off'}`,
      connectsPerSecond: Math.round(result.connects / result.seconds),
      ...result,
      seconds: Math.round(result.seconds * 10) / 10,
      maxHandshakesInProgress: held,
      establishedPeer: { before, during, stillConnected: !peer.closed },
      nodeRssMiB: Math.round(fp.rssBytes / 1048576),
      nodeFds: fp.fds,
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

const SCENARIOS: ReadonlyArray<[string, () => Promise<unknown>]> = [
  ['slowloris', slowloris],
  ['connect-flood', () => connectFlood(0)],
  ['connect-flood-limited', () => connectFlood(10)],
  ['ping-flood', pingFlood],
  ['never-reads', neverReads],
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
  const names = args.filter((a, i) => !a.startsWith('--') && i !== outIndex + 1);
  const results: unknown[] = [];
  for (const [name, scenario] of SCENARIOS) {
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
