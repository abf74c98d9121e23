import { startInjectionClient } from '../../../sim/injectionClient';
import { Prng } from '../../../sim/prng';
import { createSignedTransactions } from '../../../sim/signedTransactions';
import type { Connection } from '../../../transport/connection';
import { createMemoryPair } from '../../../transport/memory';
import type { Message } from '../../../wire';
import {
  DisconnectReason,
  FrameDecoder,
  PROTOCOL_VERSION,
  decodeMessage,
  encodeMessageFrame,
} from '../../../wire';

const NODE_HELLO: Message = {
  command: 'Hello',
  protocolVersion: PROTOCOL_VERSION,
  networkId: 0,
  clientId: 'node',
  capabilities: 7,
  listenPort: 30303,
  nodeId: new Uint8Array(64).fill(1),
  fieldOrder: 'capabilitiesFirst',
};

/** The node's side of the connection: collects what the client says, and when it closed. */
function listen(node: Connection): { messages: Message[]; closed: Promise<void> } {
  const decoder = new FrameDecoder();
  const messages: Message[] = [];
  const closed = new Promise<void>((resolve) => {
    node.start({
      data: (chunk) => {
        for (const payload of decoder.push(chunk).frames) messages.push(decodeMessage(payload));
      },
      closed: () => resolve(),
    });
  });
  return { messages, closed };
}

describe('startInjectionClient', () => {
  const [tx] = createSignedTransactions(1, new Prng(4, 'transactions'));
  const nodeId = new Uint8Array(64).fill(9);

  it('says Hello, waits for the node’s Hello, then sends Transactions and Disconnect(Client quitting) and closes', async () => {
    const [client, node] = createMemoryPair();
    const outcomes: string[] = [];
    const seen = listen(node);
    startInjectionClient(client, {
      networkId: 0,
      clientId: 'sim-client',
      nodeId,
      transactions: [tx!],
      onDone: (o) => outcomes.push(o),
    });
    await new Promise((resolve) => setImmediate(resolve));
    // Nothing but Hello before the node has spoken.
    expect(seen.messages.map((m) => m.command)).toEqual(['Hello']);
    expect(seen.messages[0]).toMatchObject({ protocolVersion: PROTOCOL_VERSION, networkId: 0, nodeId });
    node.write(encodeMessageFrame(NODE_HELLO));
    node.write(encodeMessageFrame({ command: 'GetPeers' }));
    await seen.closed;
    expect(seen.messages).toEqual([
      expect.objectContaining({ command: 'Hello' }),
      { command: 'Transactions', transactions: [tx] },
      { command: 'Disconnect', reason: DisconnectReason.ClientQuitting },
    ]);
    expect(outcomes).toEqual(['sent']);
  });

  it('reports refused, sending nothing more, when the node disconnects before saying Hello', async () => {
    const [client, node] = createMemoryPair();
    const outcomes: string[] = [];
    const seen = listen(node);
    startInjectionClient(client, {
      networkId: 0,
      clientId: 'sim-client',
      nodeId,
      transactions: [tx!],
      onDone: (o) => outcomes.push(o),
    });
    node.write(encodeMessageFrame({ command: 'Disconnect', reason: DisconnectReason.TooManyPeers }));
    await seen.closed;
    expect(seen.messages.map((m) => m.command)).toEqual(['Hello']);
    expect(outcomes).toEqual(['refused']);
  });
});
