export { TransportError, TransportErrorCode, MAX_PENDING_WRITE_BYTES } from './connection';
export type {
  CloseInfo,
  Connection,
  ConnectionHandlers,
  DialOptions,
  ListenOptions,
  Listener,
} from './connection';
export { CLOSE_TIMEOUT_MS, DIAL_TIMEOUT_MS, UNSTARTED_BUFFER_BYTES, WS_MAX_MESSAGE_BYTES } from './constants';
export { InboundGate } from './inboundGate';
export type { GateWatermark, Schedule } from './inboundGate';
export { listenTcp, dialTcp } from './tcp';
export { listenWs, dialWs } from './ws';
export { createMemoryPair } from './memory';
export type { MemoryPairOptions } from './memory';
