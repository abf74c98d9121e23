/** Every way a trace file can be unusable, or a recording can fail (CONTRACT.md §4). */
export const TraceErrorCode = {
  /** The file could not be read at all. */
  Unreadable: 'TRACE_UNREADABLE',
  /** A line is not a JSON object. */
  BadJson: 'TRACE_BAD_JSON',
  /** Line 1 is not a `{"pocnodeTrace":1,…}` header with the node's identity and config. */
  BadHeader: 'TRACE_BAD_HEADER',
  /** An event line lacks a field or has one of the wrong type. */
  BadEvent: 'TRACE_BAD_EVENT',
  /** An `ev` this version does not know. */
  UnknownEvent: 'TRACE_UNKNOWN_EVENT',
  /** `t` went backwards: events are written in the order they happened. */
  TimeBackwards: 'TRACE_TIME_BACKWARDS',
  /** An event names a connection that was never opened, or one opened twice. */
  UnknownConnection: 'TRACE_UNKNOWN_CONNECTION',
  /** The recorder dropped events (`{"ev":"dropped"}`): the trace cannot be replayed faithfully. */
  Incomplete: 'TRACE_INCOMPLETE',
  /** The recorder could not write its file. */
  WriteFailed: 'TRACE_WRITE_FAILED',
} as const;

export type TraceErrorCode = (typeof TraceErrorCode)[keyof typeof TraceErrorCode];

/** The trace layer's one error class; `line` is the 1-based line of the file it is about, if any. */
export class TraceError extends Error {
  readonly code: TraceErrorCode;
  readonly line: number | undefined;

  constructor(code: TraceErrorCode, message: string, line?: number, options?: { cause?: unknown }) {
    super(line === undefined ? message : `line ${line}: ${message}`, options);
    this.name = 'TraceError';
    this.code = code;
    this.line = line;
  }
}

export function isTraceError(err: unknown): err is TraceError {
  return err instanceof TraceError;
}
