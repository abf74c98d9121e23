export { simulate } from './simulate';
export type { SimulationResult, SimulatedTransaction } from './simulate';
export {
  runSimulateCommand,
  SIMULATE_EXIT_COMPLETE,
  SIMULATE_EXIT_INCOMPLETE,
  SIMULATE_EXIT_USAGE,
} from './runSimulateCommand';
export type { SimulateCommandOptions } from './runSimulateCommand';
export { resolveSimulateOptions, MAX_SIM_NODES } from './simulationOptions';
export type { SimulateOptions, ResolvedSimulateOptions } from './simulationOptions';
export { SimulationError, SimulationErrorCode, isSimulationError } from './simulationError';
export { renderReportHtml } from './renderReport';
export { formatSimulationText } from './formatResult';
export { REACH_LEVELS, TX_PERCENTILES } from './propagationStats';
export type { ReachRow, PropagationCurve } from './propagationStats';
export { buildTopology } from './topology';
export type { Topology, Link } from './topology';
export { EventClock } from './eventClock';
export { Prng } from './prng';
