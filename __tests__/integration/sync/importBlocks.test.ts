import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunningNode } from '../../../actors/node';
import { startNode } from '../../../actors/node';
import { DEFAULT_NODE_CONFIG } from '../../../actors/nodeConfig';
import { ChainManager, encodeBlock, toHex } from '../../../chain';
import { ImportExit, runImportBlocksCommand } from '../../../cli/importBlocks';
import { createLogger } from '../../../cli/logger';
import { LevelStore } from '../../../store/levelStore';
import { blockFromRlp, decodeRlp } from '../../../wire';
import { waitFor } from '../../helpers/testNetwork';
import { CPP_DIR, loadChain } from '../../helpers/vectors';
import { tempDirPerTest } from '../../helpers/tempDir';
import { devGenesis } from '../../unit/chain/chainFixtures';

const CHAIN_JSON = path.join(CPP_DIR, 'chain.json');

/* `runImportBlocksCommand`: a block file into a data directory, then a node serving it over TCP. */
describe('the block import command', () => {
  const chain = loadChain();
  const tip = chain.blocks[10]!;
  const tempDir = tempDirPerTest('pocnode-import-');

  async function run(file: string, dataDir: string, genesis?: string) {
    const lines: string[] = [];
    const code = await runImportBlocksCommand(file, {
      dataDir,
      out: (l) => lines.push(l),
      ...(genesis !== undefined && { genesis }),
    });
    return { code, lines };
  }

  async function storedHead(dataDir: string) {
    const store = await LevelStore.open(dataDir);
    try {
      return (await ChainManager.open(store)).head;
    } finally {
      await store.close();
    }
  }

  it("imports chain.json's 11 blocks, says so, and a second run finds them all there", async () => {
    const dataDir = path.join(tempDir(), 'data');
    const first = await run(CHAIN_JSON, dataDir);
    expect(first.code).toBe(ImportExit.Imported);
    expect(first.lines).toHaveLength(2);
    expect(first.lines.join('\n')).toContain('11');
    expect(first.lines.join('\n')).toContain(toHex(tip.hash));
    const head = await storedHead(dataDir);
    expect([head.height, head.hashHex, head.totalDifficulty]).toEqual([
      11,
      toHex(tip.hash),
      tip.totalDifficulty,
    ]);

    const again = await run(CHAIN_JSON, dataDir);
    expect(again.code).toBe(ImportExit.Imported);
    expect((await storedHead(dataDir)).hashHex).toBe(toHex(tip.hash));
  });

  it('imports a plain text file of one block RLP in hex a line', async () => {
    const file = path.join(tempDir(), 'blocks.txt');
    const lines = chain.blocks.map((b, i) => (i % 2 ? '0x' : '') + toHex(b.rlp));
    await writeFile(file, ['# cpp-ethereum v0.3.11, oldest first', ...lines, ''].join('\n'));
    const result = await run(file, path.join(tempDir(), 'data'));
    expect(result.code).toBe(ImportExit.Imported);
    expect((await storedHead(path.join(tempDir(), 'data'))).height).toBe(11);
  });

  it.each([
    ['a missing file', 'missing.json', undefined],
    ['text that is not hex', 'words.txt', 'hello world\n'],
    ['JSON without blocks', 'empty.json', '{"genesis": {}}'],
    ['a truncated block', 'cut.txt', toHex(loadChain().blocks[0]!.rlp).slice(0, 200)],
    ['an empty file', 'nothing.txt', '\n\n'],
  ])('answers %s with one line and exit 2, importing nothing', async (_what, name, content) => {
    const file = path.join(tempDir(), name);
    if (content !== undefined) await writeFile(file, content);
    const dataDir = path.join(tempDir(), 'data');
    const result = await run(file, dataDir);
    expect(result.code).toBe(ImportExit.BadInput);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toContain(file);
    // The data directory is not even created.
    expect(await readdir(tempDir())).not.toContain('data');
  });

  it("refuses a file whose genesis is not the chain's, with one line and exit 2", async () => {
    const genesisFile = path.join(tempDir(), 'genesis.hex');
    await writeFile(genesisFile, toHex(devGenesis().rlp));
    const result = await run(CHAIN_JSON, path.join(tempDir(), 'data'), genesisFile);
    expect(result.code).toBe(ImportExit.BadInput);
    expect(result.lines).toHaveLength(1);
  });

  it('keeps the blocks before one that fails validation and exits 1', async () => {
    const file = path.join(tempDir(), 'forged.txt');
    const block2 = blockFromRlp(decodeRlp(chain.blocks[1]!.rlp));
    const nonce = block2.header.nonce.map((b, i) => (i === 31 ? b ^ 0x01 : b));
    const forged = encodeBlock({ ...block2, header: { ...block2.header, nonce } });
    await writeFile(
      file,
      [toHex(chain.blocks[0]!.rlp), toHex(forged), toHex(chain.blocks[2]!.rlp)].join('\n'),
    );
    const result = await run(file, path.join(tempDir(), 'data'));
    expect(result.code).toBe(ImportExit.Rejected);
    expect(result.lines.filter((l) => l.startsWith('import:'))).toHaveLength(1);
    expect(result.lines.find((l) => l.startsWith('import:'))).toContain('line 2');
    expect((await storedHead(path.join(tempDir(), 'data'))).height).toBe(1);
  });

  it('gives a node the chain it serves over TCP: an empty node with it as bootnode reaches height 11', async () => {
    const imported = path.join(tempDir(), 'imported');
    expect((await run(CHAIN_JSON, imported)).code).toBe(ImportExit.Imported);
    const base = { ...DEFAULT_NODE_CONFIG, host: '127.0.0.1', port: 0, httpPort: 0 };
    const nodes: RunningNode[] = [];
    try {
      const server = await startNode({ ...base, dataDir: imported, dial: false }, createLogger('silent'));
      nodes.push(server);
      expect(server.status().head.height).toBe(11);
      const fresh = await startNode(
        {
          ...base,
          dataDir: path.join(tempDir(), 'fresh'),
          bootnodes: [{ host: '127.0.0.1', port: server.ports.tcp }],
        },
        createLogger('silent'),
      );
      nodes.push(fresh);
      await waitFor(() => fresh.status().head.height === 11, 'the fresh node to reach height 11');
      expect(fresh.status().head).toEqual(server.status().head);
      expect(fresh.status().head.hash).toBe(toHex(tip.hash));
    } finally {
      for (const node of nodes.reverse()) await node.stop();
    }
  });
});
