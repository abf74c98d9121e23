import pino from 'pino';

import type { LogLevel } from '../actors/nodeConfig';

/**
 * The node's logger: pino JSON lines (CONTRACT.md §2), on stdout unless a destination is given (tests
 * pass a stream and read the lines back). Synchronous on stdout so that the last lines before exit are
 * not lost when `main` returns.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = { name: 'pocnode', level };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}
