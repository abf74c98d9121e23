import { readFileSync } from 'node:fs';

import { Command, CommanderError, Option } from 'commander';
import type pino from 'pino';

import type { RunningService } from './service';
import { startService } from './service';
import type { NodeConfig } from '../actors/nodeConfig';
import { POCNODE_VERSION } from '../actors/nodeConfig';
import type { ChartFormat } from './chart/renderChart';
import { CHART_FORMATS, renderChart } from './chart/renderChart';
import type { ChartMachineName } from './chart/chartMachines';
import { CHART_MACHINES, chartMachine, delayDefaults } from './chart/chartMachines';
import { machineToGraph } from './chart/chartGraph';
import type { Env, ReadFile } from './config';
import { commanderErrorLine, resolveParsedOptions } from './config';
import { createTraceRecorder, runReplayCommand, traceHeaderFor } from '../trace';
import { runSimulateCommand } from '../sim';
import { runConformanceCommand } from './conformance';
import { runImportBlocksCommand } from './importBlocks';
import { startNodeHttp } from './http/nodeHttp';
import { createLogger } from './logger';
import { defineStartOptions } from './startOptions';

/** Where `main` gets its effects from; tests replace any of them. */
export interface MainDeps {
  readonly env: Env;
  readonly readFile: ReadFile;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly startNode: (config: NodeConfig, logger: pino.Logger) => Promise<RunningService>;
  /** pino's destination for `start` (stdout when undefined). */
  readonly logDestination: pino.DestinationStream | undefined;
  readonly signals: {
    on(signal: NodeJS.Signals, listener: () => void): void;
    off(signal: NodeJS.Signals, listener: () => void): void;
  };
  /** Immediate exit on a second SIGINT/SIGTERM while stopping. */
  readonly exit: (code: number) => void;
}

const defaultDeps: MainDeps = {
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  startNode: (config, logger) =>
    startService(config, logger, {
      http: startNodeHttp,
      trace: (traceConfig, info) =>
        createTraceRecorder({
          dir: traceConfig.traceDir,
          header: traceHeaderFor({
            config: traceConfig,
            nodeId: info.nodeId,
            listenPort: info.listenPort,
            // The genesis the node loaded at start, not the file read again.
            ...(info.genesis && { genesis: info.genesis }),
          }),
          now: info.now,
        }),
    }),
  logDestination: undefined,
  signals: {
    on: (signal, listener) => process.on(signal, listener),
    off: (signal, listener) => process.off(signal, listener),
  },
  exit: (code) => process.exit(code),
};

/** Exit status for bad usage: unknown command or flag, bad value (CONTRACT.md §2). */
const EXIT_USAGE = 2;
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * The `pocnode` command line. `argv` is `process.argv` (node, script, then the arguments); the result
 * is the exit code (bin/pocnode.js sets it).
 */
export async function main(argv: readonly string[], overrides: Partial<MainDeps> = {}): Promise<number> {
  const deps: MainDeps = { ...defaultDeps, ...overrides };
  let exitCode = 0;
  const program = new Command('pocnode')
    .description('A peer node for the 2014 Ethereum PoC wire protocol')
    .version(POCNODE_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: deps.stdout,
      writeErr: deps.stderr,
      outputError: (text, write) => write(`pocnode: ${commanderErrorLine(text)}\n`),
    });

  defineStartOptions(program.command('start').description('run the node until SIGINT/SIGTERM')).action(
    async (options: Record<string, unknown>) => {
      exitCode = await runStart(options, deps);
    },
  );

  program
    .command('chart')
    .description('print the state chart generated from the machine definition')
    .addOption(new Option('--machine <name>', 'which machine').choices(CHART_MACHINES).default('peer'))
    .addOption(new Option('--format <format>', 'output format').choices(CHART_FORMATS).default('mermaid'))
    .action((options: { machine: ChartMachineName; format: ChartFormat }) => {
      exitCode = runChart(options.machine, options.format, deps);
    });

  program
    .command('replay')
    .description('replay a recorded trace on a simulated clock (exit 0 identical, 1 diverged, 2 unreadable)')
    .argument('<trace>', 'trace file (JSON Lines)')
    .option('--json', 'print the result as JSON')
    .option('--strict-time', 'also compare event times')
    .action(async (trace: string, options: { json?: boolean; strictTime?: boolean }) => {
      exitCode = await runReplayCommand(trace, {
        json: options.json === true,
        strictTime: options.strictTime === true,
        out: (line) => deps.stdout(`${line}\n`),
      });
    });
  program
    .command('conformance')
    .description('run the conformance suite against a peer; exit 0 only when all cases pass')
    .argument('<host:port>', 'the peer to test')
    .option('--only <cases>', 'comma-separated case numbers or ids to run')
    .action(async (target: string, options: { only?: string }) => {
      exitCode = await runConformanceCommand(target, {
        out: (line) => deps.stdout(`${line}\n`),
        ...(options.only !== undefined && { only: options.only.split(',').map((s) => s.trim()) }),
      });
    });
  program
    .command('import-blocks')
    .description('import blocks (chain.json, or one block RLP hex per line) into a data directory')
    .argument('<file>', 'chain.json or a text file of block RLP hex lines')
    .option('--data-dir <dir>', 'LevelDB directory', './data')
    .option('--genesis <file>', 'genesis block RLP as hex (default: PoC-3)')
    .action(async (file: string, options: { dataDir: string; genesis?: string }) => {
      exitCode = await runImportBlocksCommand(file, {
        dataDir: options.dataDir,
        ...(options.genesis !== undefined && { genesis: options.genesis }),
        out: (line) => deps.stdout(`${line}\n`),
      });
    });
  program
    .command('simulate')
    .description('a network of in-process nodes on the in-memory transport; prints propagation figures')
    .option('--nodes <n>', 'number of nodes', '100')
    .option('--degree <n>', 'connections per node', '8')
    .option('--txs <n>', 'transactions injected at random nodes', '10')
    .option('--seed <n>', 'random seed (the same seed gives the same figures)', '1')
    .option('--json', 'print the figures as one JSON line')
    .option('--report <file>', 'write an HTML page with the propagation curves')
    .action(
      async (options: {
        nodes: string;
        degree: string;
        txs: string;
        seed: string;
        json?: boolean;
        report?: string;
      }) => {
        exitCode = await runSimulateCommand({
          nodes: Number(options.nodes),
          degree: Number(options.degree),
          txs: Number(options.txs),
          seed: Number(options.seed),
          json: options.json === true,
          ...(options.report !== undefined && { report: options.report }),
          out: (line) => deps.stdout(`${line}\n`),
          err: (line) => deps.stderr(`${line}\n`),
        });
      },
    );

  try {
    await program.parseAsync([...argv], { from: 'node' });
  } catch (error: unknown) {
    if (!(error instanceof CommanderError)) throw error;
    // --help, `help [command]` and --version succeed; `pocnode` alone printed the help on stderr (commander
    // gives it exit code 1) and is a usage error.
    const succeeded =
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      (error.code === 'commander.help' && error.exitCode === 0);
    return succeeded ? 0 : EXIT_USAGE;
  }
  return exitCode;
}

function runChart(name: ChartMachineName, format: ChartFormat, deps: MainDeps): number {
  deps.stdout(renderChart(machineToGraph(chartMachine(name), { delayDefaults: delayDefaults() }), format));
  return 0;
}

async function runStart(options: Record<string, unknown>, deps: MainDeps): Promise<number> {
  const resolved = resolveParsedOptions(options, deps.env, deps.readFile);
  if (!resolved.ok) {
    deps.stderr(`pocnode start: ${resolved.message}\n`);
    return EXIT_USAGE;
  }
  const logger = createLogger(resolved.config.logLevel, deps.logDestination);

  // Handlers go in before the node starts, so a signal during start-up also stops it cleanly.
  let signalled: NodeJS.Signals | undefined;
  let onFirstSignal: ((signal: NodeJS.Signals) => void) | undefined;
  const listeners = STOP_SIGNALS.map((signal) => {
    const listener = (): void => {
      if (signalled !== undefined) {
        logger.warn({ signal }, 'second signal while stopping: exiting at once');
        deps.exit(1);
        return;
      }
      signalled = signal;
      onFirstSignal?.(signal);
    };
    deps.signals.on(signal, listener);
    return [signal, listener] as const;
  });

  try {
    let node: RunningService;
    try {
      node = await deps.startNode(resolved.config, logger);
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.fatal({ err: error }, 'start failed');
      deps.stderr(`pocnode start: ${reason}\n`);
      return 1;
    }
    logger.info({ ports: node.ports }, 'listening');
    return await new Promise<number>((resolve) => {
      const stop = (signal: NodeJS.Signals): void => {
        logger.info({ signal }, 'stopping');
        node.stop(`signal ${signal}`).then(
          () => resolve(0),
          (error: unknown) => {
            logger.error({ err: error }, 'stop failed');
            resolve(1);
          },
        );
      };
      onFirstSignal = stop;
      if (signalled !== undefined) stop(signalled);
      // The node may also end by itself (e.g. a fatal store error): exit with what it says.
      node.done.then(
        () => {
          if (signalled === undefined) resolve(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'node failed');
          if (signalled === undefined) resolve(1);
        },
      );
    });
  } finally {
    for (const [signal, listener] of listeners) deps.signals.off(signal, listener);
  }
}
