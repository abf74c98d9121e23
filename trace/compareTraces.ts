import { createChunkDescriber, describeTraceEvent } from './describeTraceEvent';
import type { ConnectionEvent, Trace, TraceEvent, TraceStateValue } from './traceFormat';
import { isConnectionEvent } from './traceFormat';

/** The first place where the replayed node did not do what the recorded one did. */
export interface Divergence {
  readonly conn: number;
  /** Position among the compared events (`out`, `state`, local `close`) of that connection, from 0. */
  readonly index: number;
  /** The trace line of the expected event (undefined when the node produced an extra one). */
  readonly line: number | undefined;
  readonly expected: TraceEvent | undefined;
  readonly actual: TraceEvent | undefined;
  /** The whole divergence for people: connection, event, expected vs actual decoded, what came before. */
  readonly text: string;
}

export interface Comparison {
  /** Recorded events compared (every `out`, `state` and local `close`). */
  readonly compared: number;
  readonly divergence: Divergence | undefined;
}

type Numbered = { readonly event: ConnectionEvent; readonly line: number | undefined };

/** What replay compares: the node's own doing. Inputs (`open`, `in`, remote `close`) are what it was fed. */
export const isCompared = (e: TraceEvent): e is ConnectionEvent =>
  e.ev === 'out' || e.ev === 'state' || (e.ev === 'close' && e.by === 'local');

function canonical(v: TraceStateValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(v[k]!)}`)
    .join(',')}}`;
}

function sameEvent(a: ConnectionEvent, b: ConnectionEvent, strictTime: boolean): boolean {
  if (strictTime && a.t !== b.t) return false;
  if (a.ev === 'out' && b.ev === 'out') return a.hex === b.hex;
  if (a.ev === 'state' && b.ev === 'state') return canonical(a.value) === canonical(b.value);
  if (a.ev === 'close' && b.ev === 'close') return a.by === b.by;
  return false;
}

function byteDifference(expected: string, actual: string): string {
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(actual, 'hex');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const sizes =
    a.length === b.length ? `both ${a.length} bytes` : `expected ${a.length} bytes, got ${b.length}`;
  return `bytes differ from offset ${i} (${sizes})`;
}

const CONTEXT_EVENTS = 4;

function formatDivergence(
  d: Omit<Divergence, 'text'>,
  recorded: readonly Numbered[],
  strictTime: boolean,
): string {
  // Inputs are described as a stream so frames split over chunks are named where they complete.
  const inbound = createChunkDescriber();
  const described = recorded.map((r) => ({
    ...r,
    text: describeTraceEvent(r.event, r.event.ev === 'in' ? inbound : undefined),
  }));
  const at = d.line !== undefined ? described.findIndex((r) => r.line === d.line) : -1;
  const earlier = at >= 0 ? described.slice(0, at) : described.filter((r) => r.event.t <= (d.actual?.t ?? 0));
  const before: Array<(typeof described)[number] | undefined> = earlier.slice(-CONTEXT_EVENTS);
  // What the peer last sent is what the node was answering: show it even when it came earlier.
  const lastInput = earlier.filter((r) => !isCompared(r.event)).pop();
  if (lastInput && !before.includes(lastInput)) before.unshift(lastInput, undefined);
  const exp = at >= 0 ? described[at]!.text : undefined;
  const out: string[] = [
    `replay diverged on connection ${d.conn} at compared event #${d.index}` +
      (d.line !== undefined ? ` (trace line ${d.line})` : ' (after the last recorded one)') +
      (strictTime ? ', times compared' : ''),
    `  expected: ${d.expected ? `t=${d.expected.t} ${exp}` : '(nothing more on this connection)'}`,
    `  actual:   ${d.actual ? `t=${d.actual.t} ${describeTraceEvent(d.actual)}` : '(nothing: the node did not do it)'}`,
  ];
  if (d.expected?.ev === 'out' && d.actual?.ev === 'out' && d.expected.hex !== d.actual.hex)
    out.push(`  ${byteDifference(d.expected.hex, d.actual.hex)}`);
  if (before.length > 0) {
    out.push(`  recorded before it on connection ${d.conn}:`);
    for (const r of before) out.push(r ? `    line ${r.line ?? '?'} t=${r.event.t} ${r.text}` : '    …');
  }
  return out.join('\n');
}

/**
 * Compares, connection by connection and in order, what the replayed node did with what the recorded
 * node did (CONTRACT.md §4): content and order, and `t` only with `strictTime`. When several connections
 * diverge, the one whose divergence happened first (by time, then connection id) is reported.
 */
export function compareTraces(
  recorded: Trace['events'],
  produced: readonly TraceEvent[],
  options: { readonly strictTime?: boolean } = {},
): Comparison {
  const strictTime = options.strictTime === true;
  const all = new Map<number, Numbered[]>();
  const expected = new Map<number, Numbered[]>();
  const actual = new Map<number, ConnectionEvent[]>();
  let compared = 0;
  for (const { event, line } of recorded) {
    if (!isConnectionEvent(event)) continue;
    const mine = all.get(event.conn) ?? [];
    all.set(event.conn, mine);
    mine.push({ event, line });
    if (!isCompared(event)) continue;
    const list = expected.get(event.conn) ?? [];
    expected.set(event.conn, list);
    list.push({ event, line });
    compared++;
  }
  for (const event of produced) {
    if (!isConnectionEvent(event) || !isCompared(event)) continue;
    const list = actual.get(event.conn) ?? [];
    actual.set(event.conn, list);
    list.push(event);
  }
  let first: Omit<Divergence, 'text'> | undefined;
  const when = (d: Omit<Divergence, 'text'>): number =>
    Math.min(d.expected?.t ?? Infinity, d.actual?.t ?? Infinity);
  const conns = [...new Set([...expected.keys(), ...actual.keys()])].sort((a, b) => a - b);
  for (const conn of conns) {
    const exp = expected.get(conn) ?? [];
    const act = actual.get(conn) ?? [];
    for (let i = 0; i < Math.max(exp.length, act.length); i++) {
      const e = exp[i];
      const a = act[i];
      if (e && a && sameEvent(e.event, a, strictTime)) continue;
      const candidate = { conn, index: i, line: e?.line, expected: e?.event, actual: a };
      if (!first || when(candidate) < when(first)) first = candidate;
      break;
    }
  }
  if (!first) return { compared, divergence: undefined };
  return {
    compared,
    divergence: { ...first, text: formatDivergence(first, all.get(first.conn) ?? [], strictTime) },
  };
}
