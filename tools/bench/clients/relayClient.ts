import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { RLP } from '@ethereumjs/rlp';
import { Command, encodeFrame, encodeUint } from '../../../wire';
import { processCpuUs } from '../measure';
import { serveParent, toParent } from './childMain';
import { connectPoc } from './pocSocket';
import { readTransactionLines } from '../relayTransactions';
import type { ClientReport, Target } from './protocol';

/*
 * Load generator of the relay benchmark: `connect` opens the receivers, peers that stay and count the
 * transactions relayed to them (each Transactions frame decoded with @ethereumjs/rlp); `stream` then opens
 * one more peer that writes Transactions frames of distinct signed transactions read from a file, round
 * and round, keeping at most `window` transactions ahead of what every receiver has seen. The window keeps
 * the node's queues short, so the figure is what it sustains, not how fast a burst fills socket buffers.
 */

const receivers: Socket[] = [];
let sender: Socket | undefined;
let handshakes = 0;
let failed = 0;
let received = 0;
let sent = 0;
let pump: (() => void) | undefined;

function connectReceivers(target: Target, count: number): Promise<void> {
  return new Promise((resolve) => {
    let settled = 0;
    const settle = (): void => {
      if (++settled === count) resolve();
    };
    for (let i = 0; i < count; i++) {
      let done = false;
      connectPoc(target, {
        admitted: (socket) => {
          handshakes++;
          receivers.push(socket);
          done = true;
          settle();
        },
        transactions: (n) => {
          received += n;
          pump?.();
        },
        closed: () => {
          if (done) return;
          failed++;
          settle();
        },
      });
    }
  });
}

/** Frames of `perFrame` transactions each, from the file's RLPs, in file order. */
function framesOf(file: string, count: number, perFrame: number): Array<{ frame: Buffer; count: number }> {
  const txs = readTransactionLines(file, count).map((l) =>
    RLP.decode(Uint8Array.from(Buffer.from(l, 'hex'))),
  );
  const frames: Array<{ frame: Buffer; count: number }> = [];
  for (let i = 0; i < txs.length; i += perFrame) {
    const batch = txs.slice(i, i + perFrame);
    const payload = RLP.encode([encodeUint(Command.Transactions), ...batch]);
    frames.push({ frame: Buffer.from(encodeFrame(payload)), count: batch.length });
  }
  return frames;
}

/**
 * Writes the frames round and round. A transaction comes back only after all the others: past 4,096 the
 * node has forgotten it in its pool and per-peer known sets, so it is pooled and relayed again like a new
 * one; past 16,384 it has also forgotten its signature verdict, so it is checked again too.
 */
function startStream(target: Target, file: string, count: number, perFrame: number, window: number): void {
  const frames = framesOf(file, count, perFrame);
  let next = 0;
  connectPoc(target, {
    admitted: (socket) => {
      handshakes++;
      sender = socket;
      pump = () => {
        const seenByAll = Math.floor(received / receivers.length);
        while (!socket.destroyed && sent - seenByAll < window) {
          const { frame, count } = frames[next]!;
          next = (next + 1) % frames.length;
          sent += count;
          socket.write(frame);
        }
      };
      pump();
    },
    closed: (admitted) => {
      if (!admitted) failed++;
      pump = undefined;
    },
  });
}

function report(): ClientReport {
  return {
    atMs: performance.now(),
    handshakes,
    failed,
    open: receivers.filter((s) => !s.destroyed).length + (sender && !sender.destroyed ? 1 : 0),
    pingsSent: 0,
    pongs: 0,
    transactionsSent: sent,
    transactionsReceived: received,
    cpuUs: processCpuUs(),
  };
}

serveParent(
  async (m) => {
    switch (m.type) {
      case 'connect':
        await connectReceivers(m.target, m.count);
        toParent({ type: 'connected', open: receivers.length, failed });
        return;
      case 'stream':
        startStream(m.target, m.file, m.count, m.transactionsPerFrame, m.window);
        return;
      case 'report':
        toParent({ type: 'reported', report: report() });
        return;
      default:
        throw new Error(`relayClient: unexpected ${m.type}`);
    }
  },
  () => {
    pump = undefined;
    receivers.forEach((s) => s.destroy());
    sender?.destroy();
    return Promise.resolve();
  },
);
