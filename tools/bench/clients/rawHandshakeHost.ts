import { createServer } from 'node:net';
import { decodeMessage, encodeMessageFrame, FrameDecoder, helloMessage } from '../../../wire';
import type { NodeCounters } from '../benchNodeProcess';
import { serveParent, toParent } from './childMain';
import { hostSample, listenOnLoopback } from './hostServer';

/*
 * The handshake benchmark's baseline: the socket and codec work of the node's side of one handshake, with
 * nothing else. On accept it writes a Hello (encoded once); the peer's first frame is decoded as the node
 * decodes it and answered with GetPeers, GetChain and GetTransactions in one write, as the node's corked
 * writes go out; the peer's FIN closes the socket. No machines, actors, admission, registry, metrics or log:
 * what stands between the node and this is pocnode's own cost per connection.
 */

const HELLO = Buffer.from(encodeMessageFrame(helloMessage(new Uint8Array(64).fill(1), { clientId: 'raw' })));
const ANSWER = Buffer.concat([
  encodeMessageFrame({ command: 'GetPeers' }),
  encodeMessageFrame({ command: 'GetChain', parents: [new Uint8Array(32).fill(2)], count: 256 }),
  encodeMessageFrame({ command: 'GetTransactions' }),
]);

const counters: NodeCounters = { peers: 0, handshakes: 0 };

function start(): Promise<number> {
  const server = createServer({ noDelay: true, allowHalfOpen: false }, (socket) => {
    const decoder = new FrameDecoder();
    let greeted = false;
    counters.peers++;
    socket.write(HELLO);
    socket.on('data', (chunk: Buffer) => {
      for (const payload of decoder.push(chunk).frames) {
        if (greeted || decodeMessage(payload).command !== 'Hello') continue;
        greeted = true;
        counters.handshakes++;
        socket.write(ANSWER);
      }
    });
    socket.on('end', () => socket.destroy());
    socket.on('error', () => undefined);
    socket.on('close', () => counters.peers--);
  });
  return listenOnLoopback(server);
}

serveParent((m) => {
  switch (m.type) {
    case 'startRawHandshakes':
      return start().then((port) => toParent({ type: 'started', port }));
    case 'sample':
      toParent({ type: 'sampled', sample: hostSample(counters) });
      return;
    default:
      throw new Error(`rawHandshakeHost: unexpected ${m.type}`);
  }
});
