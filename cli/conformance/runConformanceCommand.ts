import { parseTarget } from './parseTarget';
import type { ConformanceOptions } from './runConformance';
import { runConformance, selectCases } from './runConformance';
import { CONFORMANCE_CASES } from './cases';
import { resolveTimeouts } from './timeouts';

/** Exit codes of `pocnode conformance` (CONTRACT.md §2). */
export const ConformanceExit = { AllPassed: 0, SomeFailed: 1, BadUsage: 2 } as const;

export interface ConformanceCommandOptions extends ConformanceOptions {
  readonly out: (line: string) => void;
}

/**
 * `pocnode conformance HOST:PORT`: one line a case as it finishes, then `N passed, M failed`. Returns
 * 0 only when every case passed, 1 otherwise, 2 (with one line) for a bad target, case name or timeout.
 */
export async function runConformanceCommand(
  target: string,
  options: ConformanceCommandOptions,
): Promise<number> {
  const parsed = parseTarget(target);
  if (parsed === undefined) {
    options.out(`conformance: "${target}" is not HOST:PORT (e.g. 127.0.0.1:30303)`);
    return ConformanceExit.BadUsage;
  }
  const selection = selectCases(options.only);
  if ('unknown' in selection) {
    options.out(
      `conformance: no case "${selection.unknown}" (give a number 1–${CONFORMANCE_CASES.length} or a case id)`,
    );
    return ConformanceExit.BadUsage;
  }
  try {
    resolveTimeouts(options.timeouts);
  } catch (err: unknown) {
    options.out(`conformance: ${err instanceof Error ? err.message : String(err)}`);
    return ConformanceExit.BadUsage;
  }
  const report = await runConformance(parsed, options);
  return report.failed === 0 && report.passed > 0 ? ConformanceExit.AllPassed : ConformanceExit.SomeFailed;
}
