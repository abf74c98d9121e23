import { fromCallback } from 'xstate';
import type { Logger } from 'pino';
import type { ChainManager } from '../chain';
import { isChainError } from '../chain';
import { KnownHashes } from '../chain/knownHashes';
import { sharedSenderCache } from '../chain/senderCache';
import type { Block, Message } from '../wire';
import { preEncodedTransactions } from '../wire';
import { toHex } from '../chain/blockHash';
import type { MailboxMessage, SupervisorEvent } from '../machines/supervisorEvents';
import type { PooledTransaction, TransactionPool } from '../chain/txPool';
import { pooledTransaction } from '../chain/txPool';

/** What the chain-manager actor needs of the transaction pool (chain/txPool.ts). */
export type PoolPort = Pick<
  TransactionPool,
  'add' | 'entries' | 'relayTargets' | 'markKnown' | 'forgetPeer' | 'remove' | 'flush' | 'size' | 'has'
>;

/** Per-peer memory of block hashes it is known to have (cpp-ethereum's "known" sets; the pool keeps the tx ones). */
export const KNOWN_BLOCKS_PER_PEER = 4096;

interface ActivePeer {
  readonly knownBlocks: KnownHashes;
}

const GET_TRANSACTIONS: Message = { command: 'GetTransactions' };

/**
 * The chain manager as an actor: the seed's `ChainProxy` / `process_chainmanager_queue`, with messages in
 * and routing commands out. Its mailbox is the actor's own (XState processes one event at a time, in
 * order); nothing waits on the disk.
 */
export function createChainManagerActor(chain: ChainManager, pool: PoolPort, logger?: Logger) {
  return fromCallback<MailboxMessage, undefined, SupervisorEvent>(({ sendBack, receive }) => {
    const peers = new Map<number, ActivePeer>();
    let stopped = false;

    const send = (connId: number, message: Message): void => {
      if (!stopped) sendBack({ type: 'route.send', connId, message });
    };
    /** One message to several peers: one routing event (a relay reaches every other peer). */
    const broadcast = (connIds: readonly number[], message: Message): void => {
      if (stopped || connIds.length === 0) return;
      if (connIds.length === 1) send(connIds[0]!, message);
      else sendBack({ type: 'route.broadcast', connIds, message });
    };
    const badProtocol = (connId: number, why: string): void => {
      logger?.info({ conn: connId, why }, 'peer sent an invalid block or transaction');
      if (!stopped) sendBack({ type: 'route.disconnect', connId, reason: 'BadProtocol' });
    };

    const persistPool = (): void => {
      pool.flush().catch((err: unknown) => logger?.error({ err }, 'could not persist the transaction pool'));
    };

    /**
     * cpp-ethereum's relay: each new transaction to each other active peer once, never back to its sender.
     * Peers that get the same transactions get the same message object in one routing event, and the
     * connections frame it once between them (actors/connectionActions.ts): one frame and one
     * supervisor event for fifty peers, not fifty. The frame is spliced from the pool entries' RLP
     * (preEncodedTransactions): no transaction is encoded again.
     */
    const relayTransactions = (fresh: ReturnType<PoolPort['add']>): void => {
      // Each peer's batch as the indices into `fresh` it gets; the common case is every peer, every one.
      const batches = new Map<number, number[]>();
      fresh.forEach((pooled, i) => {
        for (const connId of pool.relayTargets(pooled, peers.keys())) {
          let batch = batches.get(connId);
          if (!batch) batches.set(connId, (batch = []));
          batch.push(i);
        }
      });
      const groups = new Map<string, { message: Message; connIds: number[] }>();
      for (const [connId, batch] of batches) {
        const key = batch.length === fresh.length ? '*' : batch.join(',');
        let group = groups.get(key);
        if (group === undefined) {
          group = { message: preEncodedTransactions(batch.map((i) => fresh[i]!)), connIds: [] };
          groups.set(key, group);
        }
        group.connIds.push(connId);
      }
      for (const { message, connIds } of groups.values()) broadcast(connIds, message);
    };

    /** The new head to every peer not known to have it; one message object for all of them. */
    const relayHead = (head: Block, headHex: string, from: number): void => {
      const targets: number[] = [];
      for (const [connId, peer] of peers) {
        if (connId === from || peer.knownBlocks.has(headHex)) continue;
        peer.knownBlocks.add(headHex);
        targets.push(connId);
      }
      broadcast(targets, { command: 'Blocks', blocks: [head] });
    };

    const persisted = (write: Promise<void>): void => {
      write.catch((err: unknown) => logger?.error({ err }, 'could not persist blocks'));
    };

    const handle = (m: MailboxMessage): void => {
      switch (m.type) {
        case 'mailbox.peerActive': {
          peers.set(m.connId, { knownBlocks: new KnownHashes(KNOWN_BLOCKS_PER_PEER) });
          // As cpp-ethereum v0.3.11 did right after the handshake.
          if (!stopped) m.greet([chain.chainRequest(), GET_TRANSACTIONS]);
          return;
        }
        case 'mailbox.peerGone':
          peers.delete(m.connId);
          pool.forgetPeer(m.connId);
          return;
        case 'mailbox.transactions': {
          // A transaction that fails validation is never pooled or relayed; its sender is dropped.
          // One already pooled (or repeated in this message) was checked before: recovering its sender
          // again (~0.3 ms each) would let one signed transaction sent 4096 times cost a second.
          // Each is encoded and hashed once here; the pool takes these entries as they are.
          const entries: PooledTransaction[] = [];
          const seen = new Map<string, PooledTransaction>();
          for (const tx of m.transactions) {
            const pooled = pooledTransaction(tx);
            const earlier = seen.get(pooled.hashHex);
            if (earlier !== undefined) {
              entries.push(earlier);
              continue;
            }
            seen.set(pooled.hashHex, pooled);
            entries.push(pooled);
            if (pool.has(pooled.hashHex)) continue;
            try {
              sharedSenderCache.sender(tx, pooled.hashHex);
            } catch (err: unknown) {
              if (!isChainError(err)) throw err;
              badProtocol(m.connId, err.message);
              return;
            }
          }
          const fresh = pool.add(entries, peers.has(m.connId) ? m.connId : undefined);
          if (fresh.length > 0) {
            relayTransactions(fresh);
            persistPool();
          }
          return;
        }
        case 'mailbox.getTransactions': {
          // Served from the pool's entries as stored: nothing is hashed or encoded again, the frame is
          // their RLP spliced behind one list header (the whole pool per request: RELIABILITY.md, Soak).
          const stored = pool.entries();
          if (peers.has(m.connId)) for (const e of stored) pool.markKnown(m.connId, e.hashHex);
          send(m.connId, preEncodedTransactions(stored));
          return;
        }
        case 'mailbox.blocks': {
          const { result, persisted: written } = chain.importBlocksNow(m.blocks, String(m.connId));
          persisted(written);
          if (result.imported.length > 0) {
            // Transactions now in blocks leave the queue (cpp-ethereum dropped them on import).
            const removed = pool.remove(m.blocks.flatMap((b) => b.transactions));
            if (removed > 0) persistPool();
          }
          const peer = peers.get(m.connId);
          if (peer) for (const hash of result.imported) peer.knownBlocks.add(toHex(hash));
          if (result.invalid) {
            badProtocol(m.connId, result.invalid.message);
            return;
          }
          if (result.newHead) relayHead(result.newHead, chain.head.hashHex, m.connId);
          // Orphans first: asking what follows an orphan (the follow-up) gets nothing from a peer whose head
          // it is (a relayed new head), so the gap is filled from our own chain (`chainRequest`), whose
          // answer brings its own follow-up.
          if (result.missingParents.length > 0) send(m.connId, chain.chainRequest());
          else if (result.followUp) send(m.connId, result.followUp);
          return;
        }
        case 'mailbox.getChain': {
          const answer = chain.answerGetChain(m.parents, m.count);
          send(
            m.connId,
            answer.kind === 'blocks'
              ? { command: 'Blocks', blocks: answer.blocks }
              : { command: 'NotInChain', hash: answer.hash },
          );
          return;
        }
        case 'mailbox.notInChain': {
          const effect = chain.onNotInChain(m.hash);
          if ('disconnect' in effect) {
            if (!stopped) sendBack({ type: 'route.disconnect', connId: m.connId, reason: effect.disconnect });
          } else send(m.connId, effect.getChain);
          return;
        }
      }
    };

    // Handled at once, in arrival order: every decision is synchronous (the store is written behind),
    // so what the node answers never depends on disk latency.
    receive((m) => {
      if (stopped) return;
      try {
        handle(m);
      } catch (err: unknown) {
        logger?.error({ err, message: m.type }, 'chain manager failed to handle a message');
      }
    });

    return () => {
      stopped = true;
    };
  });
}
