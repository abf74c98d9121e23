import { writeFile } from 'node:fs/promises';
import { formatSimulationText } from './formatResult';
import { renderReportHtml } from './renderReport';
import { simulate } from './simulate';
import { isSimulationError, SimulationErrorCode } from './simulationError';
import { resolveSimulateOptions } from './simulationOptions';

export interface SimulateCommandOptions {
  readonly nodes: number;
  readonly degree: number;
  readonly txs: number;
  readonly seed: number;
  /** Print the result as one JSON line (deterministic: no wall time in it). */
  readonly json: boolean;
  /** Write the HTML report (inline SVG, no scripts) to this file. */
  readonly report?: string;
  readonly out: (line: string) => void;
  /** Error lines (default `out`). */
  readonly err?: (line: string) => void;
}

/** Every transaction reached every node. */
export const SIMULATE_EXIT_COMPLETE = 0;
/** The time limit came first: the figures cover what did arrive. */
export const SIMULATE_EXIT_INCOMPLETE = 1;
/** A bad option, or the report could not be written. */
export const SIMULATE_EXIT_USAGE = 2;

/**
 * `pocnode simulate --nodes N --degree D --txs T --seed S [--json] [--report FILE.html]`: runs the
 * simulation, prints the figures (text, or one JSON line), writes the report, and returns the exit code.
 */
export async function runSimulateCommand(options: SimulateCommandOptions): Promise<number> {
  const err = options.err ?? options.out;
  const simulateOptions = {
    nodes: options.nodes,
    degree: options.degree,
    txs: options.txs,
    seed: options.seed,
  };
  try {
    resolveSimulateOptions(simulateOptions);
  } catch (e: unknown) {
    if (!isSimulationError(e) || e.code !== SimulationErrorCode.BadOption) throw e;
    err(`pocnode simulate: ${e.message}`);
    return SIMULATE_EXIT_USAGE;
  }
  const cannotWrite = (e: unknown): number => {
    err(
      `pocnode simulate: cannot write the report ${options.report}: ${e instanceof Error ? e.message : String(e)}`,
    );
    return SIMULATE_EXIT_USAGE;
  };
  // An unwritable report path is found out now rather than after a long run.
  if (options.report !== undefined) {
    try {
      await writeFile(options.report, '', 'utf8');
    } catch (e: unknown) {
      return cannotWrite(e);
    }
  }

  const started = performance.now();
  const result = await simulate(simulateOptions);
  const wallMs = performance.now() - started;
  if (options.json) options.out(JSON.stringify(result));
  else for (const line of formatSimulationText(result, wallMs)) options.out(line);
  if (options.report !== undefined) {
    try {
      await writeFile(options.report, renderReportHtml(result), 'utf8');
    } catch (e: unknown) {
      return cannotWrite(e);
    }
    if (!options.json) options.out(`report written to ${options.report}`);
  }
  return result.complete ? SIMULATE_EXIT_COMPLETE : SIMULATE_EXIT_INCOMPLETE;
}
