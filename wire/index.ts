export {
  SYNC_TOKEN,
  FRAME_HEADER_BYTES,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  CAPABILITIES_ALL,
  NODE_ID_BYTES,
  HASH_BYTES,
  ADDRESS_BYTES,
  Command,
  COMMAND_NAMES,
  commandName,
} from './constants';
export type { CommandName, CommandId } from './constants';
export { WireError, WireErrorCode, isWireError } from './errors';
export type { WireErrorDetail } from './errors';
export {
  DisconnectReason,
  DISCONNECT_REASON_TEXT,
  disconnectReasonName,
  describeDisconnectReason,
} from './reasons';
export type { DisconnectReasonName, DisconnectReasonCode } from './reasons';
export { FrameDecoder } from './frameDecoder';
export type { FrameBatch, FrameDecoderOptions } from './frameDecoder';
export { encodeFrame } from './frameEncoder';
export { preEncodedTransactions } from './preEncodedTransactions';
export type { EncodedTransaction } from './preEncodedTransactions';
export { rlpListOfEncoded } from './rlpListOfEncoded';
export {
  encodeMessage,
  encodeMessageFrame,
  decodeMessage,
  fieldlessMessage,
  messageToRlp,
} from './messageCodec';
export { encodeUint, decodeUintLenient, decodeBigUintCanonical } from './integers';
export { decodeRlp, encodeRlp } from './rlpItem';
export { MAX_RLP_DEPTH, MAX_RLP_ITEMS, rlpShapeViolation } from './rlpLimits';
export type { RlpItem } from './rlpItem';
export { blockToRlp, blockFromRlp, headerToRlp, headerFromRlp } from './messages/blocks';
export { transactionToRlp, transactionFromRlp } from './messages/transactions';
export { helloMessage } from './messages/hello';
export type * from './messages/types';
