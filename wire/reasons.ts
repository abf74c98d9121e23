/** Disconnect reasons by name, with their wire codes (PROTOCOL.md "Disconnect reasons"). */
export const DisconnectReason = {
  DisconnectRequested: 0x00,
  TcpSubsystemError: 0x01,
  BadProtocol: 0x02,
  UselessPeer: 0x03,
  TooManyPeers: 0x04,
  AlreadyConnected: 0x05,
  WrongGenesisBlock: 0x06,
  IncompatibleNetworkProtocols: 0x07,
  ClientQuitting: 0x08,
} as const;

export type DisconnectReasonName = keyof typeof DisconnectReason;
export type DisconnectReasonCode = (typeof DisconnectReason)[DisconnectReasonName];

/** The words the 2014 clients used for each reason (the seed's `disconnect_reasons_map`). */
export const DISCONNECT_REASON_TEXT: Readonly<Record<DisconnectReasonName, string>> = {
  DisconnectRequested: 'Disconnect requested',
  TcpSubsystemError: 'TCP sub-system error',
  BadProtocol: 'Bad protocol',
  UselessPeer: 'Useless peer',
  TooManyPeers: 'Too many peers',
  AlreadyConnected: 'Already connected',
  WrongGenesisBlock: 'Wrong genesis block',
  IncompatibleNetworkProtocols: 'Incompatible network protocols',
  ClientQuitting: 'Client quitting',
};

const NAME_BY_CODE = new Map<number, DisconnectReasonName>(
  (Object.keys(DisconnectReason) as DisconnectReasonName[]).map((n) => [DisconnectReason[n], n]),
);

/** The reason's name for a code, or undefined for a code the protocol does not define (logged, never fatal). */
export function disconnectReasonName(code: number): DisconnectReasonName | undefined {
  return NAME_BY_CODE.get(code);
}

/** Human text for a received code, including unknown ones. */
export function describeDisconnectReason(code: number | undefined): string {
  if (code === undefined) return 'no reason given';
  const name = NAME_BY_CODE.get(code);
  return name ? DISCONNECT_REASON_TEXT[name] : `unknown reason 0x${code.toString(16).padStart(2, '0')}`;
}
