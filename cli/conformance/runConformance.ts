import { CONFORMANCE_CASES } from './cases';
import type { CaseContext, ConformanceCase } from './conformanceCase';
import { ConformanceError, ConformanceErrorCode } from './conformanceError';
import type { ConformanceTarget } from './parseTarget';
import { Probe, now } from './probe';
import type { ConformanceTimeouts } from './timeouts';
import { resolveTimeouts } from './timeouts';

/** Cases run at once: enough that the suite takes about as long as its longest case. */
export const DEFAULT_CONCURRENCY = 8;

export interface ConformanceOptions {
  /** Receives one line a case as it finishes, then the summary line. */
  readonly out?: (line: string) => void;
  /** Case numbers or ids to run; all when absent. */
  readonly only?: readonly string[];
  /** Shorter timers for a target configured alike (tests); the contract's by default. */
  readonly timeouts?: Partial<ConformanceTimeouts>;
  readonly concurrency?: number;
}

export interface ConformanceResult {
  /** 1-based position in `CONFORMANCE_CASES`. */
  readonly number: number;
  readonly id: string;
  readonly title: string;
  readonly passed: boolean;
  readonly durationMs: number;
  readonly failure: { readonly code: ConformanceErrorCode; readonly message: string } | undefined;
}

export interface ConformanceReport {
  /** In case order, whatever order they finished in. */
  readonly results: readonly ConformanceResult[];
  readonly passed: number;
  readonly failed: number;
}

interface Numbered {
  readonly number: number;
  readonly spec: ConformanceCase;
}

/** The cases `only` names (by number or id), or the first name that matches none. */
export function selectCases(
  only: readonly string[] | undefined,
): { cases: Numbered[] } | { unknown: string } {
  const all = CONFORMANCE_CASES.map((spec, i) => ({ number: i + 1, spec }));
  if (only === undefined || only.length === 0) return { cases: all };
  const picked = new Set<Numbered>();
  for (const name of only) {
    const hit = all.find((c) => c.spec.id === name || String(c.number) === name);
    if (!hit) return { unknown: name };
    picked.add(hit);
  }
  return { cases: all.filter((c) => picked.has(c)) };
}

/** The runner's budget for a case: dialling and a handful of answers, plus the target timers it waits on. */
function budgetOf(spec: ConformanceCase, t: ConformanceTimeouts): number {
  return 2 * t.dialMs + 6 * t.replyMs + 4 * t.settleMs + (spec.timerBudgetMs?.(t) ?? 0);
}

export function formatResult(r: ConformanceResult): string {
  const ms = `(${Math.round(r.durationMs)} ms)`;
  return r.passed
    ? `ok  ${r.number} ${r.title} ${ms}`
    : `FAIL ${r.number} ${r.title}: ${r.failure?.message} ${ms}`;
}

export function formatSummary(report: Pick<ConformanceReport, 'passed' | 'failed'>): string {
  return `${report.passed} passed, ${report.failed} failed`;
}

async function runCase(
  target: ConformanceTarget,
  t: ConformanceTimeouts,
  c: Numbered,
): Promise<ConformanceResult> {
  const probes: Probe[] = [];
  let ended = false;
  const ctx: CaseContext = {
    timeouts: t,
    open: async () => {
      const probe = await Probe.dial(target, t.dialMs);
      probes.push(probe);
      // A dial that completes after the case ran out of budget is closed at once, never leaked.
      if (ended) probe.close();
      return probe;
    },
  };
  const budgetMs = budgetOf(c.spec, t);
  let timer: NodeJS.Timeout | undefined;
  const overBudget = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ConformanceError(
            ConformanceErrorCode.CaseTimeout,
            `expected the case to finish within ${budgetMs} ms, got it still waiting`,
          ),
        ),
      budgetMs,
    );
  });
  const started = now();
  let failure: ConformanceResult['failure'];
  try {
    await Promise.race([c.spec.run(ctx), overBudget]);
  } catch (err: unknown) {
    failure =
      err instanceof ConformanceError
        ? { code: err.code, message: err.message }
        : {
            code: ConformanceErrorCode.Internal,
            message: `the suite failed: ${err instanceof Error ? err.message : String(err)}`,
          };
  } finally {
    clearTimeout(timer);
    ended = true;
    for (const p of probes) p.close();
  }
  return {
    number: c.number,
    id: c.spec.id,
    title: c.spec.title,
    passed: failure === undefined,
    durationMs: now() - started,
    failure,
  };
}

/**
 * Runs the selected cases against `target`, each on connections of its own, `concurrency` at a time
 * (longest budgets first, so the suite takes about as long as its longest case). Every wait is bounded
 * and every connection is closed when its case ends.
 */
export async function runConformance(
  target: ConformanceTarget,
  options: ConformanceOptions = {},
): Promise<ConformanceReport> {
  const t = resolveTimeouts(options.timeouts);
  const selection = selectCases(options.only);
  if ('unknown' in selection) throw new RangeError(`no conformance case "${selection.unknown}"`);
  const queue = [...selection.cases].sort((a, b) => budgetOf(b.spec, t) - budgetOf(a.spec, t));
  const results: ConformanceResult[] = [];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const result = await runCase(target, t, next);
      results.push(result);
      options.out?.(formatResult(result));
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, queue.length));
  await Promise.all(Array.from({ length: workers }, worker));
  results.sort((a, b) => a.number - b.number);
  const passed = results.filter((r) => r.passed).length;
  const report = { results, passed, failed: results.length - passed };
  options.out?.(formatSummary(report));
  return report;
}
