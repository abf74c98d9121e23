import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Message as ChildMessage } from './clients/protocol';

/** How long a benchmark waits for a child's answer before giving up on the run. */
const DEFAULT_ANSWER_TIMEOUT_MS = 120_000;

/**
 * A benchmark helper process (tools/bench/clients/*.ts, compiled under dist/ with the rest): forked with
 * an IPC channel, spoken to in typed messages. Issue 8 puts the load generators of the TCP benchmarks in
 * other processes than the node they measure, and the node in its own so its RSS is its own.
 */
export class BenchChild {
  private readonly child: ChildProcess;
  private readonly inbox: ChildMessage[] = [];
  private waiters: Array<{ type: string; resolve: (m: ChildMessage) => void }> = [];
  private exitError: Error | undefined;
  private stderr = '';

  private constructor(script: string, execArgv: readonly string[]) {
    this.child = fork(path.join(__dirname, 'clients', `${script}.js`), [], {
      execArgv: [...execArgv],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000);
    });
    this.child.on('message', (m: ChildMessage) => {
      const i = this.waiters.findIndex((w) => w.type === m.type);
      if (i < 0) this.inbox.push(m);
      else this.waiters.splice(i, 1)[0]!.resolve(m);
    });
    this.child.on('exit', (code, signal) => {
      this.exitError = new Error(`${script} exited (${code ?? signal}): ${this.stderr.trim()}`);
    });
  }

  /** Forks `dist/tools/bench/clients/<script>.js`. */
  static start(script: string, execArgv: readonly string[] = []): BenchChild {
    return new BenchChild(script, execArgv);
  }

  /**
   * Forks the node host; with POCNODE_BENCH_PROFILE=<dir> in the environment it runs under
   * `node --cpu-prof` and leaves its profile in that directory when it exits.
   */
  static startNodeHost(): BenchChild {
    const dir = process.env.POCNODE_BENCH_PROFILE;
    const profile = dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
    return new BenchChild('nodeHost', ['--expose-gc', ...profile]);
  }

  send(message: ChildMessage): void {
    this.child.send(message);
  }

  /** The next message of `type` (already received or still to come). */
  next<T extends ChildMessage['type']>(
    type: T,
    timeoutMs = DEFAULT_ANSWER_TIMEOUT_MS,
  ): Promise<Extract<ChildMessage, { type: T }>> {
    const i = this.inbox.findIndex((m) => m.type === type);
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0] as Extract<ChildMessage, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(this.exitError ?? new Error(`no '${type}' from the child within ${timeoutMs} ms`));
      }, timeoutMs);
      const onExit = (): void => {
        clearTimeout(timer);
        reject(this.exitError ?? new Error(`child exited before '${type}'`));
      };
      this.child.once('exit', onExit);
      this.waiters.push({
        type,
        resolve: (m) => {
          clearTimeout(timer);
          this.child.off('exit', onExit);
          resolve(m as Extract<ChildMessage, { type: T }>);
        },
      });
    });
  }

  /** Sends `message` and waits for the answer of `type`. */
  ask<T extends ChildMessage['type']>(
    message: ChildMessage,
    type: T,
    timeoutMs?: number,
  ): Promise<Extract<ChildMessage, { type: T }>> {
    const answer = this.next(type, timeoutMs);
    this.send(message);
    return answer;
  }

  /**
   * Asks the child to exit and waits for it, killing it if it does not within `graceMs` (a node host stops
   * its node first: every peer gets Disconnect and its grace).
   */
  async close(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.send({ type: 'exit' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
