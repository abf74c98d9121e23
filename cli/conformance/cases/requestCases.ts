import { keccak_256 } from '@noble/hashes/sha3';
import { toHex } from '../../../chain/blockHash';
import type { RlpItem } from '../../../wire';
import { NODE_ID_BYTES, decodeRlp, encodeRlp } from '../../../wire';
import { check } from '../conformanceError';
import type { ConformanceCase } from '../conformanceCase';
import type { Probe, Received } from '../probe';
import { handshake, randomHash } from '../steps';
import type { ConformanceTimeouts } from '../timeouts';

/** The 2014 clients' PoC-3 genesis (PROTOCOL.md "Genesis"), the contract's default chain. */
const POC3_GENESIS_HASH = Uint8Array.from(
  Buffer.from('ab6b9a5613970faa771b12d449b2e9bb925ab7a369f0a4b86b286e9d540099cf', 'hex'),
);
/** cpp-ethereum answered GetChain with at most 32 blocks (PROTOCOL.md "Handshake and sync"). */
const MAX_BLOCKS_PER_ANSWER = 32;

const short = (b: Uint8Array): string => `${toHex(b).slice(0, 8)}…`;
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** The payload's items after the command id. */
function fieldsOf(payload: Uint8Array): RlpItem[] {
  const root = decodeRlp(payload);
  return Array.isArray(root) ? root.slice(1) : [];
}

/** Peers entries `[ip, port, nodeId]`, ip as the list of four one-byte strings the 2014 clients sent. */
function checkPeersEntries(payload: Uint8Array): number {
  const entries = fieldsOf(payload);
  entries.forEach((entry, i) => {
    check(
      Array.isArray(entry) && entry.length === 3,
      `expected entry ${i} as [ip, port, nodeId], got another shape`,
    );
    const [ip, , nodeId] = entry;
    check(
      Array.isArray(ip) && ip.length === 4 && ip.every((o) => o instanceof Uint8Array && o.length <= 1),
      `expected entry ${i}'s ip as a list of 4 one-byte strings, got another encoding`,
    );
    check(
      nodeId instanceof Uint8Array && nodeId.length === NODE_ID_BYTES,
      `expected entry ${i}'s node id of 64 bytes, got ${nodeId instanceof Uint8Array ? nodeId.length : 'a list'}`,
    );
  });
  return entries.length;
}

/**
 * Blocks answering `GetChain [parent, count]`: at most min(count, 32), newest first, each the child of the
 * next and the oldest a child of `parent`; a block's hash is Keccak-256 of its whole RLP (v0.3.11).
 */
function checkChainAnswer(payload: Uint8Array, parent: Uint8Array, count: number): number {
  const blocks = fieldsOf(payload);
  const limit = Math.min(count, MAX_BLOCKS_PER_ANSWER);
  check(blocks.length <= limit, `expected at most ${limit} blocks, got ${blocks.length}`);
  let child: Uint8Array = parent;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i]!;
    const header = Array.isArray(block) ? block[0] : undefined;
    const parentHash = Array.isArray(header) ? header[0] : undefined;
    check(parentHash instanceof Uint8Array, `expected block ${i} with a header, got another shape`);
    check(
      same(parentHash, child),
      `expected block ${i} (newest first) to follow ${short(child)}, got a parent ${short(parentHash)}`,
    );
    child = keccak_256(encodeRlp(block));
  }
  return blocks.length;
}

/** Sends GetChain and returns the answer, Blocks or NotInChain, with its payload. */
async function ask(
  probe: Probe,
  t: ConformanceTimeouts,
  parents: Uint8Array[],
  count: number,
): Promise<Received> {
  probe.send({ command: 'GetChain', parents, count });
  return probe.waitForAny(['Blocks', 'NotInChain'], t.replyMs, 'Blocks or NotInChain');
}

export const requestCases: readonly ConformanceCase[] = [
  {
    id: 'ping-pong',
    title: 'every Ping is answered with Pong',
    async run(ctx) {
      const { probe } = await handshake(ctx);
      for (let i = 0; i < 3; i++) probe.send({ command: 'Ping' });
      for (let i = 0; i < 3; i++) await probe.waitFor('Pong', ctx.timeouts.replyMs, `Pong ${i + 1} of 3`);
    },
  },
  {
    id: 'get-peers',
    title: 'GetPeers is answered with Peers whose entries are well formed',
    async run(ctx) {
      const { probe } = await handshake(ctx);
      probe.send({ command: 'GetPeers' });
      const peers = await probe.waitFor('Peers', ctx.timeouts.replyMs, 'Peers');
      checkPeersEntries(peers.payload);
    },
  },
  {
    id: 'get-transactions',
    title: 'GetTransactions is answered with Transactions whose entries are well formed',
    async run(ctx) {
      const { probe } = await handshake(ctx);
      probe.send({ command: 'GetTransactions' });
      const txs = await probe.waitFor('Transactions', ctx.timeouts.replyMs, 'Transactions');
      txs.message.transactions.forEach((tx, i) =>
        check(tx.v === 27n || tx.v === 28n, `expected transaction ${i} with v 27 or 28, got ${tx.v}`),
      );
    },
  },
  {
    id: 'get-chain-genesis',
    title: 'GetChain from the genesis is answered with linked Blocks (or NotInChain on another genesis)',
    async run(ctx) {
      const { probe } = await handshake(ctx);
      const t = ctx.timeouts;
      const answer = await ask(probe, t, [POC3_GENESIS_HASH], MAX_BLOCKS_PER_ANSWER);
      if (answer.message.command === 'NotInChain') {
        // A target on another genesis (`--genesis`) knows none of the parents: it must name ours.
        const named = answer.message.hash;
        check(
          same(named, POC3_GENESIS_HASH),
          `expected NotInChain [genesis], got NotInChain [${short(named)}]`,
        );
        return;
      }
      const n = checkChainAnswer(answer.payload, POC3_GENESIS_HASH, MAX_BLOCKS_PER_ANSWER);
      if (n === 0) return;
      // The count is honoured: one block, the genesis' child.
      const again = await ask(probe, t, [POC3_GENESIS_HASH], 1);
      check(again.message.command === 'Blocks', `expected Blocks for count 1, got ${again.message.command}`);
      const got = checkChainAnswer(again.payload, POC3_GENESIS_HASH, 1);
      check(got === 1, `expected exactly 1 block for count 1, got ${got}`);
    },
  },
  {
    id: 'get-chain-unknown',
    title: 'GetChain with unknown hashes is answered with NotInChain naming the last one',
    async run(ctx) {
      const { probe } = await handshake(ctx);
      const parents = [randomHash(), randomHash()];
      const { message } = await ask(probe, ctx.timeouts, parents, MAX_BLOCKS_PER_ANSWER);
      check(message.command === 'NotInChain', `expected NotInChain, got ${message.command}`);
      check(
        same(message.hash, parents[1]!),
        `expected NotInChain [${short(parents[1]!)}] (the last hash asked), got NotInChain [${short(message.hash)}]`,
      );
    },
  },
];
