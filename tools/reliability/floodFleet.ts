import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** What one flood process does (floodClient.ts). */
export interface FloodOrder {
  readonly host: string;
  readonly port: number;
  /** Local addresses to connect from, in turn (bound before connect); empty: the kernel's choice. */
  readonly sources: readonly string[];
  /** Connects in flight at once; each one that ends starts the next. */
  readonly concurrency: number;
  /**
   * `close`: reset as soon as the node writes its first byte (or when it closes first);
   * `hold`: say nothing and keep the socket until the node closes it (a pending handshake).
   */
  readonly mode: 'close' | 'hold';
}

/** Counters of a flood since it started, summed over its processes. */
export interface FloodCounts {
  /** connect() calls. */
  attempted: number;
  /** TCP handshakes completed (the kernel accepted; the node may still refuse). */
  established: number;
  /** The node wrote to the socket (its Hello): it started a handshake for it. */
  greeted: number;
  /** Closed by the node before it wrote a byte (the per-IP limit). */
  refused: number;
  /** Never established (the error codes are in `errors`). */
  failed: number;
  /** Given up by us after STALL_MS with nothing from the node (also counted in one of the above). */
  stalled: number;
}

export type FloodToChild = { readonly type: 'start'; readonly order: FloodOrder } | { readonly type: 'stop' };

export interface FloodFromChild {
  readonly type: 'counts';
  readonly counts: FloodCounts;
  readonly errors: Readonly<Record<string, number>>;
  readonly open: number;
  /** The process's own CPU time (user + system) so far: whether the flood, not the node, was the limit. */
  readonly cpuSeconds: number;
  readonly final: boolean;
}

export function zeroCounts(): FloodCounts {
  return { attempted: 0, established: 0, greeted: 0, refused: 0, failed: 0, stalled: 0 };
}

function add(into: FloodCounts, c: FloodCounts): void {
  for (const k of Object.keys(into) as Array<keyof FloodCounts>) into[k] += c[k];
}

export interface FloodSummary {
  readonly counts: FloodCounts;
  readonly errors: Record<string, number>;
  readonly seconds: number;
  /** CPU seconds of all flood processes. */
  readonly cpuSeconds: number;
}

/**
 * A connect flood from `processes` forked copies of `dist/tools/reliability/floodClient.js` (the pattern of
 * tools/bench/benchChild.ts: load generators in other processes than the node and the script, so one
 * process's event loop does not cap the rate). With several sources, each process takes every n-th one.
 */
export class FloodFleet {
  /** Each process's last report; its final one, once in, stays (a late periodic one does not replace it). */
  private readonly latest = new Map<ChildProcess, FloodFromChild>();
  private readonly exits: Array<Promise<void>>;
  private readonly startedAt = performance.now();

  private constructor(private readonly children: readonly ChildProcess[]) {
    this.exits = children.map((child) => {
      child.on('message', (m: FloodFromChild) => {
        if (!this.latest.get(child)?.final) this.latest.set(child, m);
      });
      return new Promise<void>((resolve) => child.once('exit', () => resolve()));
    });
  }

  static start(processes: number, order: FloodOrder): FloodFleet {
    const children = Array.from({ length: processes }, (_, i) => {
      const child = fork(path.join(__dirname, 'floodClient.js'), [], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      const sources =
        order.sources.length <= 1 ? order.sources : order.sources.filter((_, j) => j % processes === i);
      const message: FloodToChild = { type: 'start', order: { ...order, sources } };
      child.send(message);
      return child;
    });
    return new FloodFleet(children);
  }

  /** The counters as last reported (each process reports every 250 ms). */
  totals(): FloodCounts {
    const sum = zeroCounts();
    for (const m of this.latest.values()) add(sum, m.counts);
    return sum;
  }

  /** CPU seconds of all flood processes, as last reported. */
  cpuSeconds(): number {
    let sum = 0;
    for (const m of this.latest.values()) sum += m.cpuSeconds;
    return sum;
  }

  /** Stops every process, waits for their final counts and their exit. */
  async stop(): Promise<FloodSummary> {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const stop: FloodToChild = { type: 'stop' };
    for (const child of this.children) if (child.connected) child.send(stop);
    const killer = setTimeout(() => this.children.forEach((c) => c.kill('SIGKILL')), 10_000);
    await Promise.all(this.exits);
    clearTimeout(killer);
    const counts = zeroCounts();
    const errors: Record<string, number> = {};
    let cpuSeconds = 0;
    for (const child of this.children) {
      const m = this.latest.get(child);
      if (!m) continue;
      add(counts, m.counts);
      cpuSeconds += m.cpuSeconds;
      for (const [code, n] of Object.entries(m.errors)) errors[code] = (errors[code] ?? 0) + n;
    }
    return { counts, errors, seconds, cpuSeconds: Math.round(cpuSeconds * 10) / 10 };
  }
}

/** `127.0.0.<first>` … `127.0.0.<last>`: loopback sources (Linux routes all of 127/8 to lo). */
export function loopbackSources(first: number, last: number): string[] {
  return Array.from({ length: last - first + 1 }, (_, i) => `127.0.0.${first + i}`);
}
