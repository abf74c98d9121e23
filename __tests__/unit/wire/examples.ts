import { blockFromRlp, decodeRlp } from '../../../wire';
import type { Block, Message, Transaction } from '../../../wire';
import { fromHex, loadChain } from '../../helpers/vectors';

/** Example messages of every command, built from the real chain where there is real data to use. */

const chain = loadChain();

/** The 11 blocks cpp-ethereum v0.3.11 mined, decoded, oldest first. */
export const chainBlocks: readonly Block[] = chain.blocks.map((b) => blockFromRlp(decodeRlp(b.rlp)));
export const chainBlockRlps: readonly Uint8Array[] = chain.blocks.map((b) => b.rlp);
export const genesisHash: Uint8Array = chain.genesis.hash;

const withTx = chainBlocks.find((b) => b.transactions.length > 0);
if (!withTx) throw new Error('chain.json: no block with a transaction');
/** The one signed transaction of the chain (block 5: to 1111…1111, value 1000). */
export const realTransaction: Transaction = withTx.transactions[0]!;

export const nodeIdA = fromHex('42'.repeat(64));
export const nodeIdB = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff);

/** One example per command (several for some), named for the test table. */
export const exampleMessages: ReadonlyArray<readonly [string, Message]> = [
  [
    'Hello (cpp order, node id)',
    {
      command: 'Hello',
      protocolVersion: 8,
      networkId: 0,
      clientId: 'pocnode/0.1.0',
      capabilities: 7,
      listenPort: 30303,
      nodeId: nodeIdA,
      fieldOrder: 'capabilitiesFirst',
    },
  ],
  [
    'Hello (pyethereum order, no node id)',
    {
      command: 'Hello',
      protocolVersion: 8,
      networkId: 0,
      clientId: 'Ethereum(py)/0.0.1',
      capabilities: 7,
      listenPort: 30306,
      nodeId: undefined,
      fieldOrder: 'portFirst',
    },
  ],
  [
    'Hello (not listening, big network id, unicode client id)',
    {
      command: 'Hello',
      protocolVersion: 8,
      networkId: 0x123456789a,
      clientId: 'nœud/π',
      capabilities: 0,
      listenPort: 0,
      nodeId: nodeIdB,
      fieldOrder: 'capabilitiesFirst',
    },
  ],
  ['Disconnect (Client quitting)', { command: 'Disconnect', reason: 8 }],
  ['Disconnect (reason 0)', { command: 'Disconnect', reason: 0 }],
  ['Disconnect (no reason)', { command: 'Disconnect', reason: undefined }],
  ['Disconnect (unknown reason code)', { command: 'Disconnect', reason: 0x2a }],
  ['Ping', { command: 'Ping' }],
  ['Pong', { command: 'Pong' }],
  ['GetPeers', { command: 'GetPeers' }],
  ['Peers (empty)', { command: 'Peers', peers: [] }],
  [
    'Peers (two entries, a zero octet, port 0)',
    {
      command: 'Peers',
      peers: [
        { ip: '54.204.10.41', port: 30303, nodeId: nodeIdA },
        { ip: '10.0.0.255', port: 0, nodeId: nodeIdB },
      ],
    },
  ],
  ['Transactions (empty)', { command: 'Transactions', transactions: [] }],
  [
    'Transactions (the real one, twice)',
    { command: 'Transactions', transactions: [realTransaction, realTransaction] },
  ],
  [
    'Transactions (contract creation with data)',
    {
      command: 'Transactions',
      transactions: [
        {
          nonce: 0n,
          to: new Uint8Array(20),
          value: 0n,
          data: [0n, 1n, 2n ** 255n + 7n],
          v: 28n,
          r: 2n ** 256n - 1n,
          s: 1n,
        },
      ],
    },
  ],
  ['Blocks (empty)', { command: 'Blocks', blocks: [] }],
  ['Blocks (the real chain, newest first)', { command: 'Blocks', blocks: [...chainBlocks].reverse() }],
  ['GetChain (genesis, 32)', { command: 'GetChain', parents: [genesisHash], count: 32 }],
  [
    'GetChain (several parents, count 0)',
    { command: 'GetChain', parents: [fromHex('11'.repeat(32)), genesisHash], count: 0 },
  ],
  ['NotInChain', { command: 'NotInChain', hash: genesisHash }],
  ['GetTransactions', { command: 'GetTransactions' }],
];
