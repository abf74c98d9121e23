import { SteppingClock } from '../actors/steppingClock';
import type { Divergence } from './compareTraces';
import { compareTraces, isCompared } from './compareTraces';
import type { Trace, TraceConfig, TraceEvent, TraceHeader } from './traceFormat';
import { serializeTraceEvent, serializeTraceHeader } from './traceFormat';
import { parseTrace, readTrace } from './traceParser';
import { createTraceObserver } from './traceObserver';
import { playInputs, startTraceNode } from './traceRunner';

export interface ReplayOptions {
  /** Compare `t` too (`--strict-time`); by default only content and order. */
  readonly strictTime?: boolean;
  /** Run with other timers or limits than the header's (a deliberately changed node). */
  readonly config?: Partial<TraceConfig>;
}

export interface ReplayResult {
  /** True when every connection's `out`, `state` and local `close` events matched. */
  readonly identical: boolean;
  readonly connections: number;
  /** Events in the trace (header excluded). */
  readonly events: number;
  /** Recorded events compared. */
  readonly compared: number;
  /** Events of those kinds the replayed node produced. */
  readonly produced: number;
  /** The trace time replay ran the clock to (`end`, or the last event). */
  readonly endT: number;
  readonly divergence: Divergence | undefined;
}

/** A trace file's path, a parsed trace, or a header and events made in a test. */
export type TraceSource =
  string | Trace | { readonly header: TraceHeader; readonly events: readonly TraceEvent[] };

function toTrace(source: Exclude<TraceSource, string>): Trace {
  const first = source.events[0];
  if (first === undefined || 'event' in first) return source as Trace;
  // Hand-made events go through the parser, so they are checked as a file would be and get its lines.
  const lines = [
    serializeTraceHeader(source.header),
    ...(source.events as TraceEvent[]).map(serializeTraceEvent),
  ];
  return parseTrace(lines.join('\n'));
}

const isInput = (e: TraceEvent): boolean =>
  e.ev === 'open' || e.ev === 'in' || e.ev === 'stop' || (e.ev === 'close' && e.by === 'remote');

/**
 * Replays a trace (CONTRACT.md §4): a fresh node with the header's identity and config on a simulated
 * clock, fed the recorded `open` / `in` / remote `close` / `stop` at their `t`, then compared with what the
 * recorded node did. A file that cannot be used rejects with a `TraceError` (code and line).
 */
export async function replayTrace(source: TraceSource, options: ReplayOptions = {}): Promise<ReplayResult> {
  const trace = typeof source === 'string' ? await readTrace(source) : toTrace(source);
  const events = trace.events.map((e) => e.event);
  const config = { ...trace.header.config, ...options.config };
  const clock = new SteppingClock();
  const produced: TraceEvent[] = [];
  const observer = createTraceObserver((e) => produced.push(e), {
    now: () => clock.now(),
    disconnectGraceMs: config.disconnectGraceMs,
  });
  const node = await startTraceNode({ header: trace.header, config, observer, clock });
  const endT = events.reduce((max, e) => Math.max(max, e.t), 0);
  try {
    await playInputs(node, events.filter(isInput), endT);
  } finally {
    await node.teardown();
  }
  const { compared, divergence } = compareTraces(trace.events, produced, options);
  const conns = new Set(events.flatMap((e) => ('conn' in e ? [e.conn] : [])));
  return {
    identical: divergence === undefined,
    connections: conns.size,
    events: events.length,
    compared,
    produced: produced.filter(isCompared).length,
    endT,
    divergence,
  };
}

/**
 * The one-line jest check: replays and throws an Error whose message is the readable divergence, so a
 * failing test shows connection, event, and expected vs actual messages.
 */
export async function expectIdenticalReplay(
  source: TraceSource,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const result = await replayTrace(source, options);
  if (result.divergence) throw new Error(result.divergence.text);
  return result;
}
