import { readFileSync } from 'node:fs';
import { blockFromRlp, decodeMessage, decodeRlp, encodeMessageFrame, FrameDecoder } from '../../wire';
import type { Block, Message, PeerEndpoint, Transaction } from '../../wire';
import { sharedPath } from './repoRoot';

/**
 * The frames the codec benchmark runs on: what a node mostly handles during sync, built from real data
 * (cpp-ethereum v0.3.11's Hello, blocks and transaction from ../shared/vectors/cpp-ethereum-v0.3.11).
 * Weights per pass: Hello 1, Ping 4, Peers(30) 1, Transactions(50) 2, Blocks(5) 2.
 */
export interface CodecMix {
  readonly messages: readonly Message[];
  readonly frames: readonly Uint8Array[];
}

const CPP_DIR = ['vectors', 'cpp-ethereum-v0.3.11'];

function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

function realHello(): Message {
  const lines = readFileSync(sharedPath(...CPP_DIR, 'session.jsonl'), 'utf8').split('\n');
  for (const line of lines) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as { dir?: unknown; cmd?: unknown; hex?: unknown };
    if (r.dir === 'in' && r.cmd === 'Hello' && typeof r.hex === 'string') {
      const { frames } = new FrameDecoder().push(hex(r.hex));
      return decodeMessage(frames[0]!);
    }
  }
  throw new Error('session.jsonl: no Hello from the client');
}

function realBlocks(): Block[] {
  const doc = JSON.parse(readFileSync(sharedPath(...CPP_DIR, 'chain.json'), 'utf8')) as {
    blocks: Array<{ height: number; rlp: string }>;
  };
  return doc.blocks.map((b) => blockFromRlp(decodeRlp(hex(b.rlp))));
}

function peers(n: number): PeerEndpoint[] {
  return Array.from({ length: n }, (_, i) => ({
    ip: `${54 + (i % 3)}.${(i * 37) & 0xff}.${(i * 11) & 0xff}.${1 + i}`,
    port: 30300 + (i % 10),
    nodeId: Uint8Array.from({ length: 64 }, (_, j) => (i * 131 + j * 7) & 0xff),
  }));
}

export function buildCodecMix(): CodecMix {
  const blocks = realBlocks();
  const withTx = blocks.findIndex((b) => b.transactions.length > 0);
  const tx: Transaction | undefined = blocks[withTx]?.transactions[0];
  if (!tx) throw new Error('chain.json: no transaction');
  // Five consecutive real blocks including the one with the transaction, newest first as sent.
  const five = blocks.slice(withTx, withTx + 5).reverse();
  const ping: Message = { command: 'Ping' };
  const peersMsg: Message = { command: 'Peers', peers: peers(30) };
  const txs: Message = { command: 'Transactions', transactions: Array.from({ length: 50 }, () => tx) };
  const blocksMsg: Message = { command: 'Blocks', blocks: five };
  const messages: Message[] = [realHello(), ping, txs, ping, blocksMsg, peersMsg, ping, txs, ping, blocksMsg];
  return { messages, frames: messages.map(encodeMessageFrame) };
}
