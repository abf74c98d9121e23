import type { HeapProfiler, Profiler, Runtime } from 'node:inspector';

/*
 * Where a process's main thread spent a CPU profile (V8's format: `node --cpu-prof`, or the inspector's
 * Profiler), by who owns the work. Issue 8 asks, where XState's own cost is the wall, to measure it and
 * say so with numbers: the handshake benchmark profiles a window of the node under load with this and
 * prints the shares in its note (tools/bench/handshakeBenchmark.ts).
 *
 * A sample belongs to the frame it was taken in, except Node's own frames and native code (system calls,
 * timers, streams): those belong to the nearest caller that is XState, the logger or the metrics library,
 * so the write of a log line counts as logging and XState's timers as XState. Node's and the kernel's work
 * for anyone else (accepting, reading and writing sockets, closing them) stays Node's.
 *
 * GC has no caller in a CPU profile. A sampling heap profile of the same window (garbage included) says who
 * allocated the bytes it collects, by the same rules, and GC time is shared out in those proportions.
 *
 * The profiler marks the thread idle for the whole of libuv's poll phase, the system calls it makes there
 * included (`accept4`, `read`): samples in `(idle)` are not all idle time. Given the thread's own CPU time
 * over the window (/proc/thread-self/schedstat), what it spent beyond the busy samples is counted as Node's.
 */

/**
 * Who owns a sample's work: XState; `node`, Node.js's JavaScript and native code and the kernel's system calls
 * (sockets, timers); `v8`, V8's own work outside JavaScript (`(program)`: compilation, inline caches, the
 * runtime); GC; `log`, pino and its writer (issue 6 asks for two lines per connection at info); `metrics`,
 * prom-client; `pocnode`, this repository's code; `libraries`, every other package (RLP, hashes, LevelDB).
 */
export const PROFILE_OWNERS = [
  'xstate',
  'node',
  'v8',
  'gc',
  'log',
  'metrics',
  'pocnode',
  'libraries',
] as const;

export type ProfileOwner = (typeof PROFILE_OWNERS)[number];

export interface ProfileShares {
  /**
   * The thread's CPU time over the profile (its own clock when given, else the samples outside `(idle)`),
   * and the rest of the profile's time.
   */
  readonly busyMs: number;
  readonly idleMs: number;
  /** Each owner's fraction of the busy time (they sum to 1). */
  readonly shares: Readonly<Record<ProfileOwner, number>>;
  /** Each owner's fraction of the bytes allocated on the JS heap meanwhile, if sampled (they sum to 1; gc 0). */
  readonly allocations?: Readonly<Record<ProfileOwner, number>>;
}

const LOGGER_PACKAGES =
  /node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream|fast-redact|quick-format-unescaped|on-exit-leak-free|atomic-sleep|safe-stable-stringify)\//;
const METRICS_PACKAGES = /node_modules\/(prom-client|bintrees|tdigest)\//;

type FrameKind = ProfileOwner | 'idle' | 'root';

function frameKind({ url, functionName }: Runtime.CallFrame): FrameKind {
  switch (functionName) {
    case '(garbage collector)':
      return 'gc';
    case '(idle)':
      return 'idle';
    case '(program)':
      return 'v8';
    case '(root)':
      return 'root';
  }
  if (url.includes('/node_modules/xstate/')) return 'xstate';
  if (LOGGER_PACKAGES.test(url)) return 'log';
  if (METRICS_PACKAGES.test(url)) return 'metrics';
  // Native functions (system calls, V8 builtins called from Node) have no script; Node's own scripts are node:*.
  if (url === '' || url.startsWith('node:')) return 'node';
  if (url.includes('/node_modules/')) return 'libraries';
  return 'pocnode';
}

/** Callers that take over the Node.js and native work they call. */
const ABSORBING: ReadonlySet<FrameKind> = new Set<FrameKind>(['xstate', 'log', 'metrics']);

function fractions(amounts: ReadonlyMap<FrameKind, number>): Record<ProfileOwner, number> {
  let total = 0;
  for (const owner of PROFILE_OWNERS) total += amounts.get(owner) ?? 0;
  return Object.fromEntries(
    PROFILE_OWNERS.map((owner) => [owner, total > 0 ? (amounts.get(owner) ?? 0) / total : 0]),
  ) as Record<ProfileOwner, number>;
}

/** Bytes allocated by owner in a sampling heap profile (`HeapProfiler.stopSampling`). */
export function allocationShares(profile: HeapProfiler.SamplingHeapProfile): Record<ProfileOwner, number> {
  const bytes = new Map<FrameKind, number>();
  const visit = (node: HeapProfiler.SamplingHeapProfileNode, absorbing: FrameKind | undefined): void => {
    let kind = frameKind(node.callFrame);
    if (kind === 'node' && absorbing !== undefined) kind = absorbing;
    // V8's own allocations sit under the tree's root ('(root)', '(V8 API)').
    if (kind === 'root' || kind === 'idle' || kind === 'gc') kind = 'v8';
    bytes.set(kind, (bytes.get(kind) ?? 0) + node.selfSize);
    const below = ABSORBING.has(kind) ? kind : absorbing;
    for (const child of node.children) visit(child, below);
  };
  visit(profile.head, undefined);
  return fractions(bytes);
}

export interface ProfileExtras {
  /** A sampling heap profile of a window like the CPU profile's, garbage included. */
  readonly heap?: HeapProfiler.SamplingHeapProfile;
  /** The profiled thread's CPU time over the profile, in ms. */
  readonly threadCpuMs?: number;
}

export function profileShares(profile: Profiler.Profile, extras: ProfileExtras = {}): ProfileShares {
  const { heap, threadCpuMs } = extras;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  const owners = new Map<number, FrameKind>();
  const ownerOf = (id: number): FrameKind => {
    const known = owners.get(id);
    if (known !== undefined) return known;
    const node = nodes.get(id);
    let kind: FrameKind = node ? frameKind(node.callFrame) : 'v8';
    if (kind === 'node') {
      for (let up = parents.get(id); up !== undefined; up = parents.get(up)) {
        const caller = nodes.get(up);
        const callerKind = caller ? frameKind(caller.callFrame) : 'root';
        if (ABSORBING.has(callerKind)) {
          kind = callerKind;
          break;
        }
      }
    }
    owners.set(id, kind);
    return kind;
  };

  const microseconds = new Map<FrameKind, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const kind = ownerOf(id);
    microseconds.set(kind, (microseconds.get(kind) ?? 0) + Math.max(0, deltas[i] ?? 0));
  });
  let idleUs = microseconds.get('idle') ?? 0;
  // A sample in (root) alone is the profiler's own bookkeeping: counted with V8.
  microseconds.set('v8', (microseconds.get('v8') ?? 0) + (microseconds.get('root') ?? 0));
  let busyUs = 0;
  for (const owner of PROFILE_OWNERS) busyUs += microseconds.get(owner) ?? 0;
  if (threadCpuMs !== undefined && threadCpuMs * 1000 > busyUs) {
    const hidden = Math.min(idleUs, threadCpuMs * 1000 - busyUs);
    microseconds.set('node', (microseconds.get('node') ?? 0) + hidden);
    busyUs += hidden;
    idleUs -= hidden;
  }
  return {
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    shares: fractions(microseconds),
    ...(heap && { allocations: allocationShares(heap) }),
  };
}

/**
 * What no change to pocnode's code outside its machines' charts can remove from a handshake: the framework it
 * is built on (XState, as those charts use it: tools/bench/handshakeSkeleton.ts measures how much of that is the
 * charts'), the runtime (Node.js, V8) and the kernel.
 */
export const FRAMEWORK_OWNERS: readonly ProfileOwner[] = ['xstate', 'node', 'v8'];

/** The fraction of the bytes allocated that is `owners`' (0 when no heap profile was taken). */
export function allocationShareOf(profile: ProfileShares, owners: readonly ProfileOwner[]): number {
  return owners.reduce((sum, owner) => sum + (profile.allocations?.[owner] ?? 0), 0);
}

/**
 * The busy time that is `owners`' work: their own samples, and the part of GC their allocations make (none of
 * GC when no heap profile was taken).
 */
export function shareOf(profile: ProfileShares, owners: readonly ProfileOwner[]): number {
  const own = owners.reduce((sum, owner) => sum + profile.shares[owner], 0);
  return own + profile.shares.gc * allocationShareOf(profile, owners);
}
