export { runConformanceCommand, ConformanceExit } from './runConformanceCommand';
export type { ConformanceCommandOptions } from './runConformanceCommand';
export {
  runConformance,
  selectCases,
  formatResult,
  formatSummary,
  DEFAULT_CONCURRENCY,
} from './runConformance';
export type { ConformanceOptions, ConformanceReport, ConformanceResult } from './runConformance';
export { CONFORMANCE_CASES } from './cases';
export type { CaseContext, ConformanceCase } from './conformanceCase';
export { ConformanceError, ConformanceErrorCode } from './conformanceError';
export { DEFAULT_CONFORMANCE_TIMEOUTS, resolveTimeouts, timeWindow } from './timeouts';
export type { ConformanceTimeouts, TimeWindow } from './timeouts';
export { parseTarget } from './parseTarget';
export type { ConformanceTarget } from './parseTarget';
export { pyethereumHelloPayload } from './helloPackets';
