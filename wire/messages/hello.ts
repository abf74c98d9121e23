import { CAPABILITIES_ALL, Command, NODE_ID_BYTES, PROTOCOL_VERSION } from '../constants';
import { malformed } from '../errors';
import { decodeUintLenient, encodeUint } from '../integers';
import type { RlpItem } from '../rlpItem';
import { expectBytes } from '../rlpItem';
import type { HelloMessage } from './types';

const NAME = 'Hello';
const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

/**
 * Hello body. We send `[version, networkId, clientId, capabilities, listenPort, nodeId]` (cpp-ethereum's
 * order); `fieldOrder: 'portFirst'` writes pyethereum 0.0.1's order, for conformance tests.
 */
export function encodeHello(m: HelloMessage): RlpItem[] {
  const body: RlpItem[] = [
    encodeUint(Command.Hello),
    encodeUint(m.protocolVersion),
    encodeUint(m.networkId),
    utf8Encoder.encode(m.clientId),
  ];
  if (m.fieldOrder === 'portFirst') body.push(encodeUint(m.listenPort), encodeUint(m.capabilities));
  else body.push(encodeUint(m.capabilities), encodeUint(m.listenPort));
  if (m.nodeId !== undefined) body.push(m.nodeId);
  return body;
}

/**
 * Reads both real layouts (PROTOCOL.md "Hello's two field orders"): capabilities fit in 3 bits and a
 * listening port almost never does, so a value > 7 in the capabilities slot with a value ≤ 7 in the port
 * slot means pyethereum's order.
 */
export function decodeHello(fields: RlpItem[]): HelloMessage {
  if (fields.length < 5 || fields.length > 6) {
    throw malformed(NAME, `expected 5 or 6 fields, got ${fields.length}`);
  }
  const protocolVersion = decodeUintLenient(
    expectBytes(fields[0], NAME, 'protocol version'),
    NAME,
    'version',
  );
  const networkId = decodeUintLenient(expectBytes(fields[1], NAME, 'network id'), NAME, 'network id');
  const clientId = utf8.decode(expectBytes(fields[2], NAME, 'client id'));
  const a = decodeUintLenient(expectBytes(fields[3], NAME, 'capabilities'), NAME, 'capabilities', 4);
  const b = decodeUintLenient(expectBytes(fields[4], NAME, 'listen port'), NAME, 'listen port', 4);
  const portFirst = a > CAPABILITIES_ALL && b <= CAPABILITIES_ALL;
  let nodeId: Uint8Array | undefined;
  if (fields.length === 6) {
    const id = expectBytes(fields[5], NAME, 'node id');
    if (id.length !== NODE_ID_BYTES)
      throw malformed(NAME, `node id must be ${NODE_ID_BYTES} bytes, got ${id.length}`);
    nodeId = id;
  }
  const listenPort = portFirst ? a : b;
  if (listenPort > 0xffff) throw malformed(NAME, `listen port ${listenPort} is out of range`);
  return {
    command: 'Hello',
    protocolVersion,
    networkId,
    clientId,
    capabilities: portFirst ? b : a,
    listenPort,
    nodeId,
    fieldOrder: portFirst ? 'portFirst' : 'capabilitiesFirst',
  };
}

/**
 * A Hello as pocnode and cpp-ethereum v0.3.11 send it (version 8, every capability, capabilities before the
 * port), for `nodeId`; `over` sets any other field. The one place that spells a Hello's defaults.
 */
export function helloMessage(
  nodeId: Uint8Array,
  over: Partial<Omit<HelloMessage, 'command'>> = {},
): HelloMessage {
  return {
    command: 'Hello',
    protocolVersion: PROTOCOL_VERSION,
    networkId: 0,
    clientId: 'pocnode',
    capabilities: CAPABILITIES_ALL,
    listenPort: 0,
    nodeId,
    fieldOrder: 'capabilitiesFirst',
    ...over,
  };
}
