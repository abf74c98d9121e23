import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { ConformanceReport, ConformanceTimeouts } from '../../../cli/conformance';
import {
  CONFORMANCE_CASES,
  ConformanceErrorCode,
  parseTarget,
  pyethereumHelloPayload,
  resolveTimeouts,
  runConformance,
  runConformanceCommand,
  timeWindow,
} from '../../../cli/conformance';
import { loadSeedHellos } from '../../helpers/vectors';
import type { FakePeer, FakePeerFaults, FakePeerTimers } from './fakePeer';
import { startFakePeer } from './fakePeer';

/**
 * The suite run against fake peers on 127.0.0.1:0 with every timer shortened alike (the suite's windows
 * are proportional to its timeouts). The runs are independent and mostly waiting on those timers, so
 * they all start together in `beforeAll` and the tests read their outcomes: a few seconds in all.
 */
const TIMERS: FakePeerTimers = {
  helloTimeoutMs: 2000,
  pingIntervalMs: 1500,
  pingTimeoutMs: 2000,
  disconnectGraceMs: 800,
};
const TIMEOUTS: Partial<ConformanceTimeouts> = {
  ...TIMERS,
  replyMs: 1500,
  immediateCloseMs: 400,
  settleMs: 150,
  dialMs: 2000,
};
const N = CONFORMANCE_CASES.length;

interface CommandRun {
  readonly code: number;
  readonly lines: string[];
}

interface ReportRun {
  readonly report: ConformanceReport;
  readonly lines: string[];
}

/** Each single fault of the fake peer, the one case that must catch it, and how. */
const SINGLE_FAULTS: ReadonlyArray<[keyof FakePeerFaults, string, string]> = [
  ['blocksOldestFirst', 'get-chain-genesis', ConformanceErrorCode.Expectation],
  ['readsAfterDisconnect', 'nothing-after-bad-protocol', ConformanceErrorCode.Expectation],
  ['noFrameLimit', 'frame-too-large', ConformanceErrorCode.Timeout],
  ['peersIpAsString', 'get-peers', ConformanceErrorCode.Expectation],
];

const cleanup: Array<() => Promise<void>> = [];
let conforming: CommandRun & { peer: FakePeer };
let faulty: ReportRun;
let failingSelection: CommandRun;
let silent: { report: ConformanceReport; openSockets: () => number };
const single = new Map<string, ConformanceReport>();

async function fake(faults: FakePeerFaults = {}): Promise<FakePeer> {
  const peer = await startFakePeer(TIMERS, faults);
  cleanup.push(() => peer.close());
  return peer;
}

async function command(port: number, only?: string[]): Promise<CommandRun> {
  const lines: string[] = [];
  const code = await runConformanceCommand(`127.0.0.1:${port}`, {
    out: (l) => lines.push(l),
    only,
    timeouts: TIMEOUTS,
  });
  return { code, lines };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A peer that accepts connections and never sends a byte. */
async function runAgainstSilentPeer(): Promise<typeof silent> {
  const accepted = new Set<Socket>();
  const server = createServer((s) => {
    accepted.add(s);
    s.on('close', () => accepted.delete(s));
    s.on('error', () => undefined);
  });
  const port = await listen(server);
  cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));
  const report = await runConformance(
    { host: '127.0.0.1', port },
    {
      only: ['hello-first', 'hello-timeout', 'keep-alive', 'duplicate-node-id'],
      timeouts: { ...TIMEOUTS, replyMs: 300 },
    },
  );
  return { report, openSockets: () => accepted.size };
}

beforeAll(async () => {
  await Promise.all([
    fake().then(async (peer) => (conforming = { peer, ...(await command(peer.port)) })),
    fake({ noGrace: true, ignoreNetworkId: true }).then(async (peer) => {
      const lines: string[] = [];
      const report = await runConformance(
        { host: '127.0.0.1', port: peer.port },
        { out: (l) => lines.push(l), timeouts: TIMEOUTS },
      );
      faulty = { report, lines };
    }),
    fake({ ignoreNetworkId: true }).then(async (peer) => {
      failingSelection = await command(peer.port, ['network-id', 'ping-pong']);
    }),
    runAgainstSilentPeer().then((r) => (silent = r)),
    ...SINGLE_FAULTS.map(async ([fault, id]) => {
      const peer = await fake({ [fault]: true });
      single.set(
        fault,
        await runConformance({ host: '127.0.0.1', port: peer.port }, { only: [id], timeouts: TIMEOUTS }),
      );
    }),
  ]);
}, 20_000);

afterAll(async () => {
  for (const f of cleanup.splice(0)) await f();
});

/** Polls a condition on the event loop (sockets close asynchronously); fails after 2 s. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('the conformance suite against fake peers', () => {
  it('has at least 25 cases with distinct ids', () => {
    expect(N).toBeGreaterThanOrEqual(25);
    expect(new Set(CONFORMANCE_CASES.map((c) => c.id)).size).toBe(N);
  });

  it('passes every case against a peer that keeps the contract, one line a case, and exits 0', async () => {
    const { lines, code, peer } = conforming;
    expect(lines.filter((l) => !l.startsWith('ok  '))).toEqual([`${N} passed, 0 failed`]);
    expect(lines).toHaveLength(N + 1);
    expect(lines.slice(0, N).every((l) => /^ok {2}\d+ .+ \(\d+ ms\)$/.test(l))).toBe(true);
    expect(new Set(lines.slice(0, N).map((l) => Number(l.split(/ +/)[1]))).size).toBe(N);
    expect(code).toBe(0);
    // Every case's connections were closed when it ended.
    await eventually(() => peer.openConnections() === 0);
  });

  it('fails exactly the two cases a peer breaks (no grace, any network id) and counts them', () => {
    const { report, lines } = faulty;
    const failed = report.results.filter((r) => !r.passed);
    expect(failed.map((r) => [r.id, r.failure?.code])).toEqual([
      ['network-id', ConformanceErrorCode.Timeout],
      ['disconnect-grace', ConformanceErrorCode.Expectation],
    ]);
    expect(report.passed).toBe(N - 2);
    expect(lines.at(-1)).toBe(`${N - 2} passed, 2 failed`);
    const failLines = lines.filter((l) => l.startsWith('FAIL '));
    expect(failLines.map((l) => Number(l.split(' ')[1])).sort((a, b) => a - b)).toEqual(
      failed.map((r) => r.number),
    );
  });

  it.each(SINGLE_FAULTS)('catches a peer with the fault %s in the case %s', (fault, id, code) => {
    const report = single.get(fault)!;
    expect(report.results.map((r) => [r.id, r.passed, r.failure?.code])).toEqual([[id, false, code]]);
  });

  it('exits 1 when a selected case fails, counting only the selection', () => {
    expect(failingSelection.code).toBe(1);
    expect(failingSelection.lines.at(-1)).toBe('1 passed, 1 failed');
  });

  it('ends with every case failed against a peer that never speaks, and closes every socket', async () => {
    expect(silent.report.results.map((r) => [r.id, r.failure?.code])).toEqual([
      ['hello-first', ConformanceErrorCode.Timeout],
      ['duplicate-node-id', ConformanceErrorCode.Timeout],
      ['hello-timeout', ConformanceErrorCode.Timeout],
      ['keep-alive', ConformanceErrorCode.Timeout],
    ]);
    await eventually(() => silent.openSockets() === 0);
  });
});

describe('the conformance command', () => {
  it('fails every case with a dial error when nothing listens', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const report = await runConformance({ host: '127.0.0.1', port }, { timeouts: TIMEOUTS });
    expect(report.failed).toBe(N);
    expect(report.results.every((r) => r.failure?.code === ConformanceErrorCode.Dial)).toBe(true);
  });

  it.each(['localhost', '127.0.0.1:0', '127.0.0.1:65536', ':30303', '127.0.0.1:port', '::1:30303', ''])(
    'refuses the target %p with one line and exit 2',
    async (target) => {
      const lines: string[] = [];
      expect(await runConformanceCommand(target, { out: (l) => lines.push(l) })).toBe(2);
      expect(lines).toHaveLength(1);
    },
  );

  it("checks the contract's timers in generous windows by default", () => {
    const t = resolveTimeouts();
    expect(timeWindow(t, 'hello')).toEqual({ loMs: 4000, hiMs: 7000 });
    expect(timeWindow(t, 'pingInterval')).toEqual({ loMs: 8000, hiMs: 12_000 });
    expect(timeWindow(t, 'pingTimeout')).toEqual({ loMs: 12_750, hiMs: 17_250 });
    expect(timeWindow(t, 'grace')).toEqual({ loMs: 1500, hiMs: 3000 });
    expect(() => resolveTimeouts({ replyMs: 0 })).toThrow(RangeError);
  });

  it('reads HOST:PORT with a name, an IPv4 or a bracketed IPv6 address', () => {
    expect(parseTarget('127.0.0.1:30303')).toEqual({ host: '127.0.0.1', port: 30303 });
    expect(parseTarget('node.example:1')).toEqual({ host: 'node.example', port: 1 });
    expect(parseTarget('[::1]:65535')).toEqual({ host: '::1', port: 65535 });
  });

  it('refuses an unknown case name with one line and exit 2', async () => {
    const lines: string[] = [];
    expect(
      await runConformanceCommand('127.0.0.1:30303', { out: (l) => lines.push(l), only: ['nope'] }),
    ).toBe(2);
    expect(lines).toHaveLength(1);
  });

  it("sends pyethereum 0.0.1's Hello as the seed's real 27-byte packet on network 0", () => {
    const seed = loadSeedHellos().py;
    expect(seed.payload).toHaveLength(27);
    expect(Buffer.from(pyethereumHelloPayload(0))).toEqual(Buffer.from(seed.payload));
  });
});
