import type { HelloMessage } from '../../wire';
import { CAPABILITIES_ALL, PROTOCOL_VERSION, encodeRlp, encodeUint } from '../../wire';

/** The client id of the cpp-ethereum v0.3.11 Hello quoted in the seed. */
export const CPP_CLIENT_ID = 'Ethereum(++)/v0.3.11/brew/Darwin/unknown';
export const CONFORMANCE_CLIENT_ID = 'pocnode-conformance';
/** pyethereum 0.0.1's client id and listen port (`vb`) in the seed's 27-byte Hello. */
export const PYETHEREUM_CLIENT_ID = 'Ethereum(py)/0.0.1';
export const PYETHEREUM_LISTEN_PORT = 30306;

/**
 * Our Hello in cpp-ethereum's field order. Listen port 0 ("not listening", PROTOCOL.md Hello) so that no
 * target dials back to an address where nothing of ours listens.
 */
export function conformanceHello(
  networkId: number,
  nodeId: Uint8Array | undefined,
  overrides: Partial<Omit<HelloMessage, 'command'>> = {},
): HelloMessage {
  return {
    command: 'Hello',
    protocolVersion: PROTOCOL_VERSION,
    networkId,
    clientId: CONFORMANCE_CLIENT_ID,
    capabilities: CAPABILITIES_ALL,
    listenPort: 0,
    nodeId,
    fieldOrder: 'capabilitiesFirst',
    ...overrides,
  };
}

/**
 * pyethereum 0.0.1's Hello, laid out as the real packet in the seed: `['', '\x08', '\x00',
 * 'Ethereum(py)/0.0.1', 'vb', '\x07']` — LISTEN_PORT before CAPABILITIES, no node id, and the network id
 * with a leading zero byte. For network 0 these are the seed's 27 bytes exactly.
 */
export function pyethereumHelloPayload(networkId: number): Uint8Array {
  const id = encodeUint(networkId);
  const paddedId = new Uint8Array(1 + id.length);
  paddedId.set(id, 1);
  return encodeRlp([
    encodeUint(0),
    encodeUint(PROTOCOL_VERSION),
    paddedId,
    new TextEncoder().encode(PYETHEREUM_CLIENT_ID),
    encodeUint(PYETHEREUM_LISTEN_PORT),
    encodeUint(CAPABILITIES_ALL),
  ]);
}
