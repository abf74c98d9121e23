import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { keccak_256 } from '@noble/hashes/sha3';
import { DEFAULT_NODE_CONFIG } from '../actors/nodeConfig';
import { nodeIdFromPrivateKey } from '../actors/nodeKey';
import { SteppingClock } from '../actors/steppingClock';
import type { TraceEvent, TraceHeader } from '../trace';
import { createTraceRecorder, replayTrace, traceHeaderFor } from '../trace';
import { playInputs, startTraceNode } from '../trace/traceRunner';
import { parsePythonList } from './parsePythonList';
import { encodeFrame, encodeRlp } from '../wire';

/**
 * `npm run traces:record`: re-records the golden traces in `__tests__/traces/`. Each scenario drives a
 * fresh in-process node (the real node system over a MemoryStore, as replay builds it) on a SteppingClock,
 * so a recording takes milliseconds and its times are exact; the real recorder writes the file. The peer's
 * side is real bytes wherever they exist: the seed's two Hellos, the frames cpp-ethereum v0.3.11 sent in
 * ../shared/vectors/cpp-ethereum-v0.3.11/session.jsonl, an invalid RLP case of ethereum/tests.
 * Every recording is replayed at once and must come out identical.
 */

const USAGE = 'usage: node dist/tools/recordTraces.js [--out DIR] [--shared DIR] [name-filter…]';

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'pocnode')
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`pocnode's package.json not found above ${__dirname}`);
  }
}

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));

/** The real packets the scenarios are made of. */
function loadPackets(shared: string) {
  const seed = readFileSync(path.join(shared, 'seed', 'wireprotocol-seed.txt'), 'latin1');
  const hellos: Uint8Array[] = [];
  for (let at = seed.indexOf('[574621841,'); at >= 0; at = seed.indexOf('[574621841,', at + 1)) {
    // [syncToken, size, 'Hello', ...fields]: Hello's id 0 is the empty string in RLP.
    const fields = parsePythonList(seed, at).values.slice(3);
    if (!fields.every((f): f is Uint8Array => f instanceof Uint8Array)) throw new Error('seed: odd Hello');
    hellos.push(encodeFrame(encodeRlp([new Uint8Array(0), ...fields])));
  }
  const [seedCpp, seedPy] = hellos;
  if (!seedCpp || !seedPy || hellos.length !== 2) throw new Error('seed: expected two Hello packets');
  const session = readFileSync(path.join(shared, 'vectors', 'cpp-ethereum-v0.3.11', 'session.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { t: number; dir: 'in' | 'out'; cmd: string; hex: string });
  const probe = (cmd: string): Uint8Array =>
    bytes(session.find((f) => f.dir === 'out' && f.cmd === cmd)!.hex);
  const invalid = JSON.parse(readFileSync(path.join(shared, 'vectors', 'invalidRLPTest.json'), 'utf8')) as {
    tests?: Record<string, { out: string }>;
  } & Record<string, { out: string }>;
  const wrongSizeList = (invalid.tests ?? invalid).wrongSizeList!.out.replace(/^0x/, '');
  return {
    seedCpp,
    seedPy,
    /** The frames cpp-ethereum v0.3.11 sent, with their times. */
    cppFrames: session.filter((f) => f.dir === 'in').map((f) => ({ t: f.t, frame: bytes(f.hex) })),
    cppHello: bytes(session.find((f) => f.dir === 'in' && f.cmd === 'Hello')!.hex),
    ping: bytes(session.find((f) => f.dir === 'in' && f.cmd === 'Ping')!.hex),
    pong: probe('Pong'),
    getChainGenesis: probe('GetChain'),
    disconnectQuitting: probe('Disconnect'),
    badRlp: encodeFrame(bytes(wrongSizeList)),
  };
}

type Packets = ReturnType<typeof loadPackets>;

interface Scenario {
  readonly name: string;
  readonly inputs: TraceEvent[];
  /** The clock runs to here before the recording ends. */
  readonly until: number;
}

const open = (t: number, conn: number, dir: 'in' | 'out' = 'in'): TraceEvent => ({
  t,
  conn,
  ev: 'open',
  dir,
  remote: dir === 'in' ? `127.0.0.1:${40110 + conn}` : '10.0.0.7:30303',
});
const send = (t: number, conn: number, ...frames: Uint8Array[]): TraceEvent => ({
  t,
  conn,
  ev: 'in',
  hex: frames.map(hexOf).join(''),
});
const hangUp = (t: number, conn: number): TraceEvent => ({ t, conn, ev: 'close', by: 'remote' });

/** One scenario per rule of CONTRACT.md §3 worth pinning down. */
function scenarios(p: Packets): Scenario[] {
  const bad = (name: string, ...inputs: TraceEvent[]): Scenario => ({ name, inputs, until: 2500 });
  // cpp-ethereum's side of the real session: frames sent together arrive as one chunk; the 2331-byte
  // Blocks comes in 1448-byte TCP segments, so a frame spans chunks.
  const cpp: TraceEvent[] = [open(0, 1)];
  for (const { t, frame } of p.cppFrames) {
    const last = cpp[cpp.length - 1]!;
    if (last.ev === 'in' && last.t === t) cpp[cpp.length - 1] = { ...last, hex: last.hex + hexOf(frame) };
    else if (frame.length > 1448) {
      for (let i = 0; i < frame.length; i += 1448) cpp.push(send(t, 1, frame.subarray(i, i + 1448)));
    } else cpp.push(send(t, 1, frame));
  }
  // Then silence: our keep-alive Ping at +10 s gets the probe's real Pong; the probe's real GetChain
  // [genesis, 32] is served from what we imported, one for a block we never saw gets NotInChain, and
  // the probe's real Disconnect ends it.
  const unknownParent = keccak_256(new TextEncoder().encode('a block nobody mined'));
  cpp.push(
    send(40_150, 1, p.pong),
    send(40_400, 1, p.getChainGenesis),
    send(40_500, 1, encodeFrame(encodeRlp([Uint8Array.of(0x14), unknownParent, Uint8Array.of(32)]))),
    send(41_000, 1, p.disconnectQuitting),
  );
  const http = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: 127.0.0.1:30303\r\n\r\n');
  return [
    {
      name: 'seed-hello-cpp',
      inputs: [open(0, 1), send(3, 1, p.seedCpp), send(40, 1, p.disconnectQuitting)],
      until: 100,
    },
    { name: 'seed-hello-py', inputs: [open(0, 1), send(3, 1, p.seedPy), hangUp(500, 1)], until: 600 },
    { name: 'cpp-session', inputs: cpp, until: 41_100 },
    bad('bad-sync-token', open(0, 1), send(1, 1, http)),
    // The payload size alone (16 MiB + 1) is refused; the peer then hangs up within the grace.
    bad(
      'oversize-frame',
      open(0, 1),
      send(2, 1, p.seedPy),
      send(10, 1, bytes('224008910100000100')),
      hangUp(60, 1),
    ),
    bad('bad-rlp', open(0, 1), send(2, 1, p.seedCpp), send(10, 1, p.badRlp)),
    bad(
      'unknown-command',
      open(0, 1),
      send(2, 1, p.seedCpp),
      send(10, 1, encodeFrame(encodeRlp([Uint8Array.of(0x20)]))),
    ),
    // NotInChain with a 3-byte hash: a known command whose body has the wrong shape.
    bad(
      'malformed-message',
      open(0, 1),
      send(2, 1, p.seedCpp),
      send(10, 1, encodeFrame(encodeRlp([Uint8Array.of(0x15), bytes('abcdef')]))),
    ),
    bad('second-hello', open(0, 1), send(2, 1, p.seedCpp), send(100, 1, p.seedCpp)),
    bad('ping-before-hello', open(0, 1), send(1, 1, p.ping)),
    // Ping after 10 s of silence, answered; the next one is not: Useless peer 15 s later, closed 2 s after.
    {
      name: 'keep-alive-timeout',
      inputs: [open(0, 1), send(5, 1, p.seedCpp), send(10_050, 1, p.pong)],
      until: 38_000,
    },
    { name: 'hello-timeout', inputs: [open(0, 1)], until: 7500 },
    // Every peer gets Client quitting; one hangs up at once, the others are closed after the grace.
    {
      name: 'shutdown',
      inputs: [
        open(0, 1),
        send(2, 1, p.seedCpp),
        open(3, 2),
        send(4, 2, p.seedPy),
        open(5, 3, 'out'),
        send(6, 3, p.cppHello),
        { t: 1000, ev: 'stop' },
        hangUp(1010, 2),
      ],
      until: 3500,
    },
  ];
}

/** The golden node: a fixed key and client id, the default timers and limits. */
function goldenHeader(): TraceHeader {
  const key = keccak_256(new TextEncoder().encode('pocnode golden traces'));
  return traceHeaderFor({
    config: { ...DEFAULT_NODE_CONFIG, clientId: 'pocnode/v0.1.0/linux/node20' },
    nodeId: nodeIdFromPrivateKey(key),
    listenPort: 30303,
  });
}

async function record(scenario: Scenario, header: TraceHeader, outDir: string): Promise<string> {
  const work = mkdtempSync(path.join(tmpdir(), 'pocnode-traces-'));
  try {
    const clock = new SteppingClock();
    const recorder = createTraceRecorder({
      dir: work,
      header,
      now: () => clock.now(),
      startedAt: new Date(0),
      pid: 0,
    });
    const node = await startTraceNode({
      header,
      observer: recorder.observer,
      onStop: recorder.nodeStopping,
      clock,
    });
    try {
      await playInputs(node, scenario.inputs, scenario.until);
      await recorder.close();
    } finally {
      await node.teardown();
    }
    const target = path.join(outDir, `${scenario.name}.jsonl`);
    // Copied, not renamed: the temporary directory may be on another file system.
    mkdirSync(outDir, { recursive: true });
    copyFileSync(recorder.path, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const root = repoRoot();
  let outDir = path.join(root, '__tests__', 'traces');
  let shared = path.resolve(root, '..', 'shared');
  const filters: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--out' || a === '--shared') {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a directory\n${USAGE}`);
      if (a === '--out') outDir = path.resolve(v);
      else shared = path.resolve(v);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else filters.push(a);
  }
  const header = goldenHeader();
  const chosen = scenarios(loadPackets(shared)).filter(
    (s) => filters.length === 0 || filters.some((f) => s.name.includes(f)),
  );
  let failed = 0;
  for (const scenario of chosen) {
    const file = await record(scenario, header, outDir);
    const check = await replayTrace(file);
    const size = statSync(file).size;
    console.log(
      `${check.identical ? 'ok  ' : 'FAIL'} ${path.relative(root, file)}  ${check.events} events, ${size} bytes`,
    );
    if (check.divergence) {
      failed++;
      console.log(check.divergence.text);
    }
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
  },
);
