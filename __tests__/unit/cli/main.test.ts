import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';

import type { RunningService } from '../../../cli/service';
import type { NodeConfig } from '../../../actors/nodeConfig';
import type { ChartGraph } from '../../../cli/chart/chartGraph';
import type { MainDeps } from '../../../cli/main';
import { main } from '../../../cli/main';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A stand-in node whose stop and end the test controls. */
function fakeNode() {
  const stopped = deferred<void>();
  const done = deferred<void>();
  const stop = jest.fn((_reason?: string) => stopped.promise);
  const node: RunningService = { ports: { tcp: 40123, http: 40124 }, stop, done: done.promise };
  return { node, stop, stopped, done };
}

/** Runs `main` with captured output, a fake signal source and the given startNode. */
function run(args: string[], startNode?: MainDeps['startNode'], env: MainDeps['env'] = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const log: string[] = [];
  const signals = new EventEmitter();
  const exit = jest.fn();
  const started = deferred<NodeConfig>();
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      log.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const code = main(['node', 'pocnode', ...args], {
    env,
    readFile: () => {
      throw Object.assign(new Error('no file'), { code: 'ENOENT' });
    },
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    startNode: (config, logger) => {
      started.resolve(config);
      return startNode === undefined ? Promise.reject(new Error('no node')) : startNode(config, logger);
    },
    logDestination,
    signals: { on: (s, l) => signals.on(s, l), off: (s, l) => signals.off(s, l) },
    exit,
  });
  const errLines = () => err.join('').split('\n').filter(Boolean);
  const logLines = () => log.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, out, errLines, logLines, signals, exit, started: started.promise };
}

describe('pocnode start', () => {
  it('starts the node with the resolved config, logs the real ports and exits 0 after SIGINT stops it', async () => {
    const fake = fakeNode();
    const r = run(['start', '--port', '0', '--max-peers', '3'], () => Promise.resolve(fake.node), {
      POCNODE_NETWORK_ID: '7',
    });
    const config = await r.started;
    expect([config.port, config.maxPeers, config.networkId]).toEqual([0, 3, 7]);
    await new Promise(setImmediate);
    expect(r.logLines()).toContainEqual(
      expect.objectContaining({ msg: 'listening', ports: { tcp: 40123, http: 40124 } }),
    );
    r.signals.emit('SIGINT');
    expect(fake.stop).toHaveBeenCalledTimes(1);
    fake.stopped.resolve();
    fake.done.resolve();
    await expect(r.code).resolves.toBe(0);
    expect(r.signals.listenerCount('SIGINT') + r.signals.listenerCount('SIGTERM')).toBe(0);
    expect(r.exit).not.toHaveBeenCalled();
  });

  it('exits at once with 1 on a second signal while the node is stopping', async () => {
    const fake = fakeNode();
    const r = run(['start'], () => Promise.resolve(fake.node));
    await r.started;
    await new Promise(setImmediate);
    r.signals.emit('SIGTERM');
    expect(r.exit).not.toHaveBeenCalled();
    r.signals.emit('SIGINT');
    expect(r.exit).toHaveBeenCalledWith(1);
    expect(fake.stop).toHaveBeenCalledTimes(1);
    fake.stopped.resolve();
    await expect(r.code).resolves.toBe(0);
  });

  it('stops a node that receives a signal while it is still starting', async () => {
    const fake = fakeNode();
    const starting = deferred<RunningService>();
    const r = run(['start'], () => starting.promise);
    await r.started;
    r.signals.emit('SIGINT');
    expect(fake.stop).not.toHaveBeenCalled();
    starting.resolve(fake.node);
    fake.stopped.resolve();
    await expect(r.code).resolves.toBe(0);
    expect(fake.stop).toHaveBeenCalledTimes(1);
  });

  it('exits 1 when stopping fails, and when the node ends by itself with an error', async () => {
    const failing = fakeNode();
    const r1 = run(['start'], () => Promise.resolve(failing.node));
    await r1.started;
    await new Promise(setImmediate);
    r1.signals.emit('SIGINT');
    failing.stopped.reject(new Error('store did not close'));
    await expect(r1.code).resolves.toBe(1);

    const crashing = fakeNode();
    const r2 = run(['start'], () => Promise.resolve(crashing.node));
    await r2.started;
    await new Promise(setImmediate);
    crashing.done.reject(new Error('disk full'));
    await expect(r2.code).resolves.toBe(1);
  });

  it('exits 0 when the node ends by itself cleanly', async () => {
    const fake = fakeNode();
    const r = run(['start'], () => Promise.resolve(fake.node));
    await r.started;
    await new Promise(setImmediate);
    fake.done.resolve();
    await expect(r.code).resolves.toBe(0);
  });

  it('exits 1 with one line on stderr when the node cannot start', async () => {
    const r = run(['start'], () => Promise.reject(new Error('EADDRINUSE 0.0.0.0:30303')));
    await expect(r.code).resolves.toBe(1);
    expect(r.errLines()).toHaveLength(1);
  });

  it.each([
    [['start', '--max-peers', 'lots'], '--max-peers'],
    [['start', '--prot', '30303'], '--prot'],
    [['start', '--port'], '--port'],
    [['start', '--config', 'missing.ini'], '--config'],
  ])('exits 2 with one line naming the option for %j', async (args, option) => {
    const r = run(args, () => Promise.reject(new Error('must not start')));
    await expect(r.code).resolves.toBe(2);
    expect(r.errLines()).toHaveLength(1);
    expect(r.errLines()[0]).toContain(option);
  });

  it('exits 2 naming the variable when the environment holds a bad value', async () => {
    const r = run(['start'], undefined, { POCNODE_LOG_LEVEL: 'loud' });
    await expect(r.code).resolves.toBe(2);
    expect(r.errLines()).toEqual([expect.stringContaining('POCNODE_LOG_LEVEL')]);
  });
});

describe('pocnode command line', () => {
  it('prints help listing every command and exits 0', async () => {
    const r = run(['--help']);
    await expect(r.code).resolves.toBe(0);
    for (const command of ['start', 'chart', 'replay', 'conformance', 'simulate']) {
      expect(r.out.join('')).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });

  it.each(['start', 'chart', 'replay', 'conformance', 'simulate'])(
    'prints help for %s and exits 0',
    async (command) => {
      const r = run([command, '--help']);
      await expect(r.code).resolves.toBe(0);
      expect(r.out.join('')).toContain(`Usage: pocnode ${command}`);
    },
  );

  it('prints help with the help command and exits 0', async () => {
    const all = run(['help']);
    await expect(all.code).resolves.toBe(0);
    expect(all.out.join('')).toContain('Usage: pocnode');
    const start = run(['help', 'start']);
    await expect(start.code).resolves.toBe(0);
    expect(start.out.join('')).toContain('--max-peers');
  });

  it('prints the version of package.json', async () => {
    const r = run(['--version']);
    await expect(r.code).resolves.toBe(0);
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(r.out.join('').trim()).toBe(pkg.version);
  });

  it.each([
    [['launch']],
    [['--verbose']],
    [['chart', '--format', 'svg']],
    [['chart', '--machine', 'wallet']],
    [['replay']],
  ])('exits 2 with exactly one line for %j', async (args) => {
    const r = run(args);
    await expect(r.code).resolves.toBe(2);
    expect(r.errLines()).toHaveLength(1);
  });

  it('exits 2 and shows the help on stderr when no command is given', async () => {
    const r = run([]);
    await expect(r.code).resolves.toBe(2);
    expect(r.errLines().join('\n')).toContain('Usage: pocnode');
  });

  it('refuses a simulation option out of range with one line on stderr and exit 2', async () => {
    const r = run(['simulate', '--nodes', 'many']);
    await expect(r.code).resolves.toBe(2);
    expect(r.errLines()).toEqual([expect.stringContaining('--nodes')]);
  });

  it('replays a trace and exits 2 with one JSON error for a file that does not exist', async () => {
    const r = run(['replay', '/nonexistent/trace.jsonl', '--json']);
    await expect(r.code).resolves.toBe(2);
    const lines = r.out.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toHaveProperty('error');
  });

  it('runs the conformance suite and refuses a target that is not HOST:PORT with one line and exit 2', async () => {
    const r = run(['conformance', 'no-port-here']);
    await expect(r.code).resolves.toBe(2);
    expect(r.out.join('').trim().split('\n')).toHaveLength(1);
  });
});

describe('pocnode chart', () => {
  it('prints the peer machine as mermaid by default', async () => {
    const r = run(['chart']);
    await expect(r.code).resolves.toBe(0);
    expect(r.out.join('')).toMatch(/^stateDiagram-v2\n/);
    expect(r.out.join('')).toContain('after helloTimeout (5000 ms)');
  });

  it('prints dot and json on request', async () => {
    const dot = run(['chart', '--format', 'dot']);
    await expect(dot.code).resolves.toBe(0);
    expect(dot.out.join('')).toMatch(/^digraph "peer" \{/);
    const json = run(['chart', '--machine', 'peer', '--format', 'json']);
    await expect(json.code).resolves.toBe(0);
    const graph = JSON.parse(json.out.join('')) as ChartGraph;
    expect(graph.machine).toBe('peer');
    expect(graph.states.map((s) => s.key)).toEqual(
      expect.arrayContaining(['awaitingHello', 'active', 'disconnecting', 'closed']),
    );
  });

  it('prints the supervisor machine with --machine supervisor', async () => {
    const r = run(['chart', '--machine', 'supervisor', '--format', 'json']);
    await expect(r.code).resolves.toBe(0);
    expect((JSON.parse(r.out.join('')) as ChartGraph).machine).toBe('supervisor');
  });
});
