import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../bench/repoRoot';

export interface NodePorts {
  readonly tcp: number;
  readonly http?: number;
}

/** One `pocnode start` child process, with what it logged (JSON lines) and its real ports. */
export class NodeProcess {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly listeners = new Set<(line: Record<string, unknown>) => void>();
  private stderrText = '';

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    createInterface({ input: child.stdout! }).on('line', (text) => {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      if (this.lines.length < 10_000) this.lines.push(line);
      for (const l of this.listeners) l(line);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (this.stderrText.length < 10_000) this.stderrText += chunk.toString('utf8');
    });
  }

  /** Runs the built CLI (`bin/pocnode.js start …`) and waits for its `listening` line. */
  static async start(
    args: readonly string[],
    timeoutMs = 30_000,
    nodeFlags: readonly string[] = [],
  ): Promise<{ node: NodeProcess; ports: NodePorts }> {
    const bin = path.join(repoRoot(), 'bin', 'pocnode.js');
    // RELIABILITY_NODE_FLAGS: flags for the node's own Node.js, e.g. `--cpu-prof` to see where its time goes.
    const flags = [
      ...nodeFlags,
      ...(process.env.RELIABILITY_NODE_FLAGS ?? '').split(' ').filter((f) => f !== ''),
    ];
    const child = spawn(process.execPath, [...flags, bin, 'start', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const node = new NodeProcess(child);
    const ports = await node.waitForLine((l) => l.msg === 'listening', timeoutMs, 'listening line');
    return { node, ports: ports.ports as NodePorts };
  }

  /** Calls `listener` with every JSON line logged from now on. */
  onLine(listener: (line: Record<string, unknown>) => void): void {
    this.listeners.add(listener);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** The first line (already logged or still to come) that matches. */
  waitForLine(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<Record<string, unknown>> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(
          new Error(`${what}: not logged within ${timeoutMs} ms; stderr: ${this.stderrText.slice(0, 500)}`),
        );
      }, timeoutMs);
      const listener = (line: Record<string, unknown>): void => {
        if (!match(line)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(line);
      };
      this.listeners.add(listener);
      void this.exited.then(() => {
        if (!this.listeners.has(listener)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        reject(new Error(`${what}: the node exited first; stderr: ${this.stderrText.slice(0, 500)}`));
      });
    });
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

/** Resident set size and open file descriptors of a process, from /proc (Linux). */
export function processFootprint(pid: number): { rssBytes: number; fds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return { rssBytes: Number(kb ?? 0) * 1024, fds: readdirSync(`/proc/${pid}/fd`).length };
}

/** User + system CPU seconds a process has used, from /proc/<pid>/stat (Linux, clock ticks of 1/100 s). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
