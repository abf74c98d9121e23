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
/**
 * What GetTransactions costs: the answer is the whole queue (up to 4096 transactions, ~450 KB), encoded and
 * hashed afresh each time — ~60-100 ms of this machine's CPU per request with a full pool (measured in the
 * soak, RELIABILITY.md), for a 10-byte frame. Charged as a second of the default refill, so a peer gets the
 * whole queue about once a second; a 2014 client asked once per handshake.
 */
export const GET_TRANSACTIONS_COST = DEFAULT_FRAME_BUDGET_PER_SECOND;
/**
 * GetChain is answered with up to 32 blocks (c_maxBlocks): charged as one unit per block it may bring.
 * A syncing peer asks once per Blocks it receives.
 */
export const GET_CHAIN_COST = 32;

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
    case 'GetTransactions':
      return GET_TRANSACTIONS_COST;
    case 'GetChain':
      return GET_CHAIN_COST;
    case 'Hello':
    case 'Disconnect':
    case 'Ping':
    case 'Pong':
    case 'GetPeers':
    case 'Peers':
    case 'NotInChain':
      return 1;
  }
}

/**
 * How many units one connection's bucket holds: FRAME_BUDGET_BURST_SECONDS of its refill, and never less
 * than two GetTransactions, so that a small configured budget does not make one legitimate request fatal.
 */
export function frameBudgetCapacity(perSecond: number): number {
  return Math.max(perSecond * FRAME_BUDGET_BURST_SECONDS, 2 * GET_TRANSACTIONS_COST);
}

/** A fresh budget for one connection: `perSecond` units a second, `frameBudgetCapacity` in a burst. */
export function createFrameBudget(perSecond: number): TokenBucket {
  return new TokenBucket(frameBudgetCapacity(perSecond), perSecond);
}
