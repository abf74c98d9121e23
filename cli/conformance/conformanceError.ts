/** How a conformance case can fail; the report prints the message, tests match the code. */
export const ConformanceErrorCode = {
  /** The target answered, but not as CONTRACT.md §3 says. */
  Expectation: 'CONFORMANCE_EXPECTATION',
  /** Nothing (or not the awaited message) came within the bound. */
  Timeout: 'CONFORMANCE_TIMEOUT',
  /** The connection closed before the awaited message came. */
  Closed: 'CONFORMANCE_CLOSED',
  /** The target sent bytes that are not valid frames of the protocol. */
  TargetWire: 'CONFORMANCE_TARGET_WIRE',
  /** No TCP connection to the target. */
  Dial: 'CONFORMANCE_DIAL',
  /** The case as a whole ran past its budget. */
  CaseTimeout: 'CONFORMANCE_CASE_TIMEOUT',
  /** The suite itself threw (a bug of ours): reported on the case's line rather than crashing the run. */
  Internal: 'CONFORMANCE_INTERNAL',
} as const;

export type ConformanceErrorCode = (typeof ConformanceErrorCode)[keyof typeof ConformanceErrorCode];

/** The conformance layer's one error class: a failed check, with a message written as "expected …, got …". */
export class ConformanceError extends Error {
  readonly code: ConformanceErrorCode;

  constructor(code: ConformanceErrorCode, message: string) {
    super(message);
    this.name = 'ConformanceError';
    this.code = code;
  }
}

/** Fails the case with an `Expectation` error unless `condition` holds. */
export function check(condition: boolean, message: string | (() => string)): asserts condition {
  if (!condition) {
    throw new ConformanceError(
      ConformanceErrorCode.Expectation,
      typeof message === 'string' ? message : message(),
    );
  }
}
