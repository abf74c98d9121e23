export { TraceError, TraceErrorCode, isTraceError } from './traceError';
export {
  TRACE_FORMAT_VERSION,
  serializeTraceEvent,
  serializeTraceHeader,
  traceHeaderFor,
  isConnectionEvent,
} from './traceFormat';
export type {
  Trace,
  TraceChain,
  TraceConfig,
  TraceDirection,
  TraceEvent,
  TraceEventKind,
  TraceHeader,
  TraceNode,
  TraceStateValue,
  ConnectionEvent,
} from './traceFormat';
export { parseTrace, readTrace } from './traceParser';
export { genesisOfTrace, traceChainOf } from './traceGenesis';
export { createTraceObserver } from './traceObserver';
export type { TraceObserver, TraceObserverOptions } from './traceObserver';
export { createTraceRecorder, TRACE_MAX_QUEUED_BYTES } from './traceRecorder';
export type { TraceRecorder, TraceRecorderOptions } from './traceRecorder';
export { ReplayConnection } from './replayConnection';
export { startTraceNode, playInputs } from './traceRunner';
export type { TraceNodeOptions, ReplayNode } from './traceRunner';
export { compareTraces, isCompared } from './compareTraces';
export type { Comparison, Divergence } from './compareTraces';
export { describeMessage, describeTraceEvent, createChunkDescriber } from './describeTraceEvent';
export { replayTrace, expectIdenticalReplay } from './replay';
export type { ReplayOptions, ReplayResult, TraceSource } from './replay';
export { runReplayCommand, ReplayExit } from './replayCommand';
export type { ReplayCommandOptions } from './replayCommand';
