export const SimulationErrorCode = {
  /** An option out of range (nodes, degree, transactions, seed, latencies, times). */
  BadOption: 'SIM_BAD_OPTION',
  /** The simulated network could not be built (a node failed to open). */
  Setup: 'SIM_SETUP',
  /** A node did not finish stopping once nothing was left to run on the simulated clock. */
  Shutdown: 'SIM_SHUTDOWN',
} as const;

export type SimulationErrorCode = (typeof SimulationErrorCode)[keyof typeof SimulationErrorCode];

/** The simulator's one error class; tests match `code`, never the message. */
export class SimulationError extends Error {
  readonly code: SimulationErrorCode;
  constructor(code: SimulationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SimulationError';
    this.code = code;
  }
}

export function isSimulationError(err: unknown): err is SimulationError {
  return err instanceof SimulationError;
}
