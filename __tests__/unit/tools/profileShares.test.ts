import type { HeapProfiler, Profiler } from 'node:inspector';
import { FRAMEWORK_OWNERS, profileShares, shareOf } from '../../../tools/bench/profileShares';

/*
 * A CPU profile in V8's format, written by hand: a root with the node's socket read (Node) calling pocnode's
 * data handler, which sends XState an event whose scheduler sets a Node timer; pocnode's tracker calling
 * pino, whose write is a native system call; our transport's write ending in a native writev; GC; idle.
 */
const APP = 'file:///work/main/dist';
const MODULES = 'file:///work/main/node_modules';

interface FrameSpec {
  readonly name: string;
  readonly url: string;
  readonly children?: readonly FrameSpec[];
  /** Samples of 1 ms in this frame itself. */
  readonly ms?: number;
}

function cpuProfile(root: readonly FrameSpec[]): Profiler.Profile {
  const nodes: Profiler.ProfileNode[] = [];
  const samples: number[] = [];
  const add = (spec: FrameSpec): number => {
    const id = nodes.length + 1;
    const node: Profiler.ProfileNode = {
      id,
      callFrame: { functionName: spec.name, url: spec.url, scriptId: '0', lineNumber: 0, columnNumber: 0 },
      children: [],
    };
    nodes.push(node);
    for (let i = 0; i < (spec.ms ?? 0); i++) samples.push(id);
    for (const child of spec.children ?? []) node.children!.push(add(child));
    return id;
  };
  add({ name: '(root)', url: '', children: root });
  return {
    nodes,
    startTime: 0,
    endTime: samples.length * 1000,
    samples,
    timeDeltas: samples.map(() => 1000),
  };
}

const PROFILE = cpuProfile([
  {
    name: 'onStreamRead',
    url: 'node:internal/stream_base_commons',
    ms: 10,
    children: [
      {
        name: 'data',
        url: `${APP}/actors/connectionActions.js`,
        ms: 5,
        children: [
          {
            name: 'macrostep',
            url: `${MODULES}/xstate/dist/raise.cjs.js`,
            ms: 30,
            children: [{ name: 'setTimeout', url: 'node:timers', ms: 4 }],
          },
        ],
      },
    ],
  },
  {
    name: 'onSnapshot',
    url: `${APP}/actors/peerStateTracker.js`,
    ms: 2,
    children: [
      {
        name: 'LOG',
        url: `${MODULES}/pino/lib/tools.js`,
        ms: 3,
        children: [{ name: 'writeString', url: '', ms: 2 }],
      },
      { name: 'observe', url: `${MODULES}/prom-client/lib/histogram.js`, ms: 1 },
    ],
  },
  {
    name: 'uncork',
    url: `${APP}/transport/tcp.js`,
    ms: 1,
    children: [{ name: 'writev', url: '', ms: 12 }],
  },
  { name: 'decode', url: `${MODULES}/@ethereumjs/rlp/dist/cjs/index.js`, ms: 2 },
  { name: '(garbage collector)', url: '', ms: 10 },
  { name: '(program)', url: '', ms: 3 },
  { name: '(idle)', url: '', ms: 15 },
]);

describe('profileShares', () => {
  it("gives each sample to its frame's owner, and Node's and native work to an XState, pino or prom-client caller", () => {
    const p = profileShares(PROFILE);
    // 85 busy ms, 15 idle.
    expect(p.busyMs).toBe(85);
    expect(p.idleMs).toBe(15);
    expect(p.shares.xstate).toBeCloseTo(34 / 85); // its own 30 and the timer it set
    expect(p.shares.log).toBeCloseTo(5 / 85); // pino and its system call
    expect(p.shares.metrics).toBeCloseTo(1 / 85);
    expect(p.shares.node).toBeCloseTo(22 / 85); // the read, and the writev our transport asked for
    expect(p.shares.pocnode).toBeCloseTo(8 / 85);
    expect(p.shares.libraries).toBeCloseTo(2 / 85);
    expect(p.shares.gc).toBeCloseTo(10 / 85);
    expect(p.shares.v8).toBeCloseTo(3 / 85);
    expect(Object.values(p.shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it("counts the thread's CPU time beyond its busy samples as Node's (system calls under the idle mark)", () => {
    const p = profileShares(PROFILE, { threadCpuMs: 95 });
    expect(p.busyMs).toBe(95);
    expect(p.idleMs).toBe(5);
    expect(p.shares.node).toBeCloseTo(32 / 95);
    // No more than the idle samples hold, whatever the clock says.
    expect(profileShares(PROFILE, { threadCpuMs: 500 }).busyMs).toBe(100);
    // A clock below the busy samples changes nothing.
    expect(profileShares(PROFILE, { threadCpuMs: 50 }).busyMs).toBe(85);
  });

  it('shares GC out by the bytes each owner allocated, and sums the framework (XState, Node.js, V8)', () => {
    const frame = (functionName: string, url: string): HeapProfiler.SamplingHeapProfileNode['callFrame'] => ({
      functionName,
      url,
      scriptId: '0',
      lineNumber: 0,
      columnNumber: 0,
    });
    const heap: HeapProfiler.SamplingHeapProfile = {
      head: {
        callFrame: frame('(root)', ''),
        selfSize: 0,
        children: [
          {
            callFrame: frame('microstep', `${MODULES}/xstate/dist/raise.cjs.js`),
            selfSize: 600,
            // A Node frame called by XState allocates for XState.
            children: [{ callFrame: frame('setTimeout', 'node:timers'), selfSize: 100, children: [] }],
          },
          { callFrame: frame('Socket', 'node:net'), selfSize: 100, children: [] },
          {
            callFrame: frame('openOutbox', `${APP}/machines/supervisorMachine.js`),
            selfSize: 200,
            children: [],
          },
        ],
      },
    };
    const p = profileShares(PROFILE, { heap });
    expect(p.allocations?.xstate).toBeCloseTo(0.7);
    expect(p.allocations?.node).toBeCloseTo(0.1);
    expect(p.allocations?.pocnode).toBeCloseTo(0.2);
    // XState 34, Node 22, V8 3 of 85 busy ms, and 80% of GC's 10.
    expect(shareOf(p, FRAMEWORK_OWNERS)).toBeCloseTo((34 + 22 + 3 + 8) / 85);
    // Without a heap profile GC is nobody's.
    expect(shareOf(profileShares(PROFILE), FRAMEWORK_OWNERS)).toBeCloseTo((34 + 22 + 3) / 85);
  });
});
