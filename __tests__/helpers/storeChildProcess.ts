import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import ts from 'typescript';

/**
 * Runs `tools/storeCrashChild.ts` as a real child process. There is no TypeScript loader for plain `node`
 * here, so the tool is transpiled once into the test's temp dir and required modules are found through
 * NODE_PATH (the repo's node_modules).
 */

const REPO_ROOT = path.resolve(__dirname, '../..');
const CHILD_SOURCE = path.join(REPO_ROOT, 'tools', 'storeCrashChild.ts');

/** Writes the transpiled child into `dir` and returns its path. */
export function compileStoreChild(dir: string): string {
  const { outputText } = ts.transpileModule(readFileSync(CHILD_SOURCE, 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
    fileName: CHILD_SOURCE,
  });
  const out = path.join(dir, 'storeCrashChild.js');
  writeFileSync(out, outputText);
  return out;
}

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Every stdout line the child printed, in order, up to its death. */
  readonly lines: readonly string[];
}

/** One running child: its stdout as lines, awaited without timers. */
export class StoreChild {
  readonly lines: string[] = [];
  private stderr = '';
  private waiters: Array<{ test: (line: string) => boolean; resolve: (line: string) => void }> = [];
  private readonly exited: Promise<ChildExit>;
  private readonly process: ChildProcess;

  constructor(script: string, storeDir: string, mode?: 'hold') {
    this.process = spawn(process.execPath, mode ? [script, storeDir, mode] : [script, storeDir], {
      env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    const rl = createInterface({ input: this.process.stdout! });
    rl.on('line', (line) => {
      this.lines.push(line);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(line)) return true;
        w.resolve(line);
        return false;
      });
    });
    const stdoutClosed = new Promise<void>((resolve) => rl.on('close', resolve));
    this.exited = new Promise<ChildExit>((resolve) => {
      this.process.on('exit', (code, signal) => {
        // Wait for the last lines to be read before reporting them.
        void stdoutClosed.then(() => resolve({ code, signal, lines: this.lines }));
      });
    });
  }

  /** Resolves with the first line (already printed or still to come) that passes `test`. */
  waitForLine(test: (line: string) => boolean): Promise<string> {
    const seen = this.lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    const line = new Promise<string>((resolve) => this.waiters.push({ test, resolve }));
    const died = this.exited.then((exit): never => {
      throw new Error(`child exited (${exit.code ?? exit.signal}) before the line came: ${this.stderr}`);
    });
    return Promise.race([line, died]);
  }

  /** SIGKILL, the harshest crash a process can have, then its exit. */
  kill(): Promise<ChildExit> {
    this.process.kill('SIGKILL');
    return this.exited;
  }
}
