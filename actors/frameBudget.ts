import type { Message } from '../wire';
import { TokenBucket } from './tokenBucket';

/**
 * Default refill of a connection's frame budget, in units per second. A frame costs 1 unit, plus 1 per
 * transaction it carries (Transactions, or inside Blocks): recovering a transaction's sender (secp256k1 in
 * pure JS) is the most expensive thing a peer can make us do per byte, ~1-3 ms each on a small machine.
 * A 2014 peer sends a handful of frames a second (a Ping every 10 s, GetChain once per Blocks, relays).
 */
export const DEFAULT_FRAME_BUDGET_PER_SECOND = 1024;
/**
 * The bucket holds this many seconds of refill: enough for the largest answer a peer may legitimately
 * send at once, a whole transaction queue (4096 transactions, our pool's bound) in answer to the
 * GetTransactions we send on every handshake.
 */
export const FRAME_BUDGET_BURST_SECONDS = 8;

/** What one decoded frame costs from the budget. */
export function frameCost(message: Message): number {
  switch (message.command) {
    case 'Transactions':
      return 1 + message.transactions.length;
    case 'Blocks': {
      let cost = 1;
      for (const block of message.blocks) cost += 1 + block.transactions.length;
      return cost;
    }
    case 'Hello':
    case 'Disconnect':
    case 'Ping':
    case 'Pong':
    case 'GetPeers':
    case 'Peers':
    case 'GetChain':
    case 'NotInChain':
    case 'GetTransactions':
      return 1;
  }
}

/** A fresh budget for one connection: `perSecond` units a second, a burst of FRAME_BUDGET_BURST_SECONDS. */
export function createFrameBudget(perSecond: number): TokenBucket {
  return new TokenBucket(perSecond * FRAME_BUDGET_BURST_SECONDS, perSecond);
}
