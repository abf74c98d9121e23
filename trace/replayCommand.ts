import { replayTrace } from './replay';
import { isTraceError } from './traceError';

export interface ReplayCommandOptions {
  /** Print the result (or the error) as one JSON object instead of text. */
  readonly json: boolean;
  /** Compare event times too. */
  readonly strictTime: boolean;
  /** Where lines go (the CLI passes console.log). */
  readonly out: (line: string) => void;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Exit codes of `pocnode replay` (CONTRACT.md §2). */
export const ReplayExit = { Identical: 0, Diverged: 1, Unreadable: 2 } as const;

/**
 * `pocnode replay <trace.jsonl> [--json] [--strict-time]`: 0 identical, 1 diverged (the first divergence
 * printed), 2 unreadable file (with the line at fault).
 */
export async function runReplayCommand(file: string, options: ReplayCommandOptions): Promise<number> {
  const { out } = options;
  let result;
  try {
    result = await replayTrace(file, { strictTime: options.strictTime });
  } catch (err: unknown) {
    if (!isTraceError(err)) throw err;
    if (options.json) {
      out(JSON.stringify({ file, error: { code: err.code, line: err.line ?? null, message: err.message } }));
    } else {
      out(`${file}: ${err.message} (${err.code})`);
    }
    return ReplayExit.Unreadable;
  }
  if (options.json) {
    out(JSON.stringify({ file, strictTime: options.strictTime, ...result }));
  } else if (result.divergence) {
    out(`${file}: ${result.divergence.text}`);
  } else {
    out(
      `${file}: identical (${plural(result.connections, 'connection')}, ${plural(result.compared, 'event')} compared, ` +
        `clock run to t=${result.endT}${options.strictTime ? ', times compared' : ''})`,
    );
  }
  return result.identical ? ReplayExit.Identical : ReplayExit.Diverged;
}
