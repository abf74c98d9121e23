/** pocnode's public API: explicit named exports. */
export * from './wire';
export { peerMachine, DEFAULT_PEER_TIMERS } from './machines/peerMachine';
export type {
  PeerTimers,
  PeerInput,
  PeerContext,
  LocalIdentity,
  PeerDirection,
} from './machines/peerMachine';
export { supervisorMachine } from './machines/supervisorMachine';
export type { SupervisorInput, SupervisorContext, PeerEntry } from './machines/supervisorMachine';
export type * from './machines/peerEvents';
export type * from './machines/supervisorEvents';
export { createConnectionActions } from './actors/connectionActions';
export type {
  ConnectionActions,
  ConnectionActionsOptions,
  OpenConnectionArgs,
  PeerSelf,
} from './actors/connectionActions';
export { createNodeSystem } from './actors/nodeSystem';
export type { NodeSystem, NodeSystemOptions, NodeSystemConfig } from './actors/nodeSystem';
export { openNodeCore } from './actors/nodeCore';
export type { NodeCore, NodeCoreOptions } from './actors/nodeCore';
export { startNode, StartError } from './actors/node';
export type { RunningNode, StartNodeOptions } from './actors/node';
export { DEFAULT_NODE_CONFIG } from './actors/nodeConfig';
export type { NodeConfig } from './actors/nodeConfig';
export type { NodeStatus, PeerStatus, NodeStatusSource, PeerStateChange } from './actors/nodeStatus';
export type { NodeObserver } from './actors/observer';
export { SteppingClock } from './actors/steppingClock';
export {
  listenTcp,
  dialTcp,
  listenWs,
  dialWs,
  createMemoryPair,
  TransportError,
  TransportErrorCode,
} from './transport';
export type { Connection, Listener, CloseInfo } from './transport';
export { MemoryStore, LevelStore, StoreKey } from './store';
export type { Store, StoreOperation } from './store';
export {
  ChainManager,
  ChainError,
  ChainErrorCode,
  POC3_GENESIS,
  parseGenesis,
  validateTransaction,
} from './chain';
export {
  replayTrace,
  expectIdenticalReplay,
  runReplayCommand,
  ReplayExit,
  createTraceRecorder,
  traceHeaderFor,
  parseTrace,
  readTrace,
  TraceError,
  TraceErrorCode,
} from './trace';
export type {
  ReplayOptions,
  ReplayResult,
  ReplayCommandOptions,
  Divergence,
  TraceSource,
  TraceRecorder,
  TraceRecorderOptions,
  TraceHeader,
  TraceEvent,
} from './trace';
