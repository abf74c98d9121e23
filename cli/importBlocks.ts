import { mkdir, readFile } from 'node:fs/promises';
import type { Genesis } from '../chain';
import { ChainManager, blockHash, isChainError, parseGenesis, toHex } from '../chain';
import { LevelStore } from '../store/levelStore';
import { isStoreError } from '../store/storeError';
import type { Block } from '../wire';
import { blockFromRlp, decodeRlp, isWireError } from '../wire';

/** Exit codes of the import command (the replay command's convention). */
export const ImportExit = {
  /** Every block of the file is in the chain (imported now or already there). */
  Imported: 0,
  /** The file was read, but a block failed validation or does not link to the chain; what came before stays. */
  Rejected: 1,
  /** Unreadable or malformed file, bad `--genesis`, or a data directory that cannot be opened: nothing imported. */
  BadInput: 2,
} as const;

export interface ImportBlocksOptions {
  /** The node's data directory (LevelDB), created if missing. */
  readonly dataDir: string;
  /** A file holding a genesis block's RLP as hex (`--genesis`); default the PoC-3 genesis. */
  readonly genesis?: string;
  readonly out: (line: string) => void;
}

/** Blocks handed to one `importBlocks` call: one store batch each, so a long file is not one huge batch. */
export const IMPORT_BATCH_BLOCKS = 256;

interface FileBlock {
  /** Where in the file: `blocks[3]` or `line 7`. */
  readonly where: string;
  readonly block: Block;
}

interface BlockFile {
  readonly blocks: readonly FileBlock[];
  /** The genesis the file names (chain.json carries one). */
  readonly genesisRlp?: Uint8Array;
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function hexBytes(text: string, where: string): Parsed<Uint8Array> {
  const hex = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    return { ok: false, message: `${where}: not a block's RLP as hex` };
  }
  return { ok: true, value: Uint8Array.from(Buffer.from(hex, 'hex')) };
}

function decodeBlock(rlp: Uint8Array, where: string): Parsed<Block> {
  try {
    return { ok: true, value: blockFromRlp(decodeRlp(rlp)) };
  } catch (err: unknown) {
    if (!isWireError(err)) throw err;
    return { ok: false, message: `${where}: not the RLP of a block (${err.message})` };
  }
}

/**
 * Reads either chain.json's format (`{ genesis: { rlp }, blocks: [{ rlp }, …] }`, oldest first, as in the
 * vectors captured from cpp-ethereum) or plain text: one block's RLP in hex a line (blank lines and `#`
 * comments skipped).
 */
export function parseBlockFile(text: string): Parsed<BlockFile> {
  const raw: Array<{ where: string; hex: unknown }> = [];
  let genesisRlp: Uint8Array | undefined;
  if (text.trimStart().startsWith('{')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text) as unknown;
    } catch (err: unknown) {
      return { ok: false, message: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
    }
    if (!isRecord(doc) || !Array.isArray(doc.blocks)) {
      return {
        ok: false,
        message: 'JSON without a "blocks" list (expected {"genesis": {"rlp"}, "blocks": [{"rlp"}]})',
      };
    }
    doc.blocks.forEach((b: unknown, i) => raw.push({ where: `blocks[${i}]`, hex: isRecord(b) ? b.rlp : b }));
    if (doc.genesis !== undefined) {
      const rlp = isRecord(doc.genesis) ? doc.genesis.rlp : undefined;
      const parsed = typeof rlp === 'string' ? hexBytes(rlp, 'genesis') : undefined;
      if (!parsed?.ok) return parsed ?? { ok: false, message: 'genesis: no "rlp" string' };
      genesisRlp = parsed.value;
    }
  } else {
    text.split(/\r?\n/).forEach((line, i) => {
      const trimmed = line.trim();
      if (trimmed !== '' && !trimmed.startsWith('#')) raw.push({ where: `line ${i + 1}`, hex: trimmed });
    });
  }
  if (raw.length === 0) return { ok: false, message: 'no blocks in the file' };
  const blocks: FileBlock[] = [];
  for (const { where, hex } of raw) {
    if (typeof hex !== 'string') return { ok: false, message: `${where}: no "rlp" string` };
    const bytes = hexBytes(hex, where);
    if (!bytes.ok) return bytes;
    const block = decodeBlock(bytes.value, where);
    if (!block.ok) return block;
    blocks.push({ where, block: block.value });
  }
  return { ok: true, value: { blocks, ...(genesisRlp && { genesisRlp }) } };
}

async function readText(file: string, what: string): Promise<Parsed<string>> {
  try {
    return { ok: true, value: await readFile(file, 'utf8') };
  } catch (err: unknown) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return { ok: false, message: `cannot read ${what} ${file} (${code})` };
  }
}

async function loadGenesis(file: string | undefined): Promise<Parsed<Genesis | undefined>> {
  if (file === undefined) return { ok: true, value: undefined };
  const text = await readText(file, 'the genesis file');
  if (!text.ok) return text;
  try {
    return { ok: true, value: parseGenesis(text.value) };
  } catch (err: unknown) {
    if (!isChainError(err)) throw err;
    return { ok: false, message: `--genesis ${file}: ${err.message}` };
  }
}

/**
 * Imports a file of blocks into the chain kept under `dataDir`, with the checks a block from a peer gets
 * (proof of work, difficulty, roots, signatures), so a node started on that directory serves them. Prints
 * what it did; returns an `ImportExit` code. An error is one line starting with `import:`.
 */
export async function runImportBlocksCommand(file: string, options: ImportBlocksOptions): Promise<number> {
  const { out } = options;
  const fail = (message: string): number => {
    out(`import: ${message}`);
    return ImportExit.BadInput;
  };
  const genesis = await loadGenesis(options.genesis);
  if (!genesis.ok) return fail(genesis.message);
  const text = await readText(file, 'the block file');
  if (!text.ok) return fail(text.message);
  const parsed = parseBlockFile(text.value);
  if (!parsed.ok) return fail(`${file}: ${parsed.message}`);
  const { blocks, genesisRlp } = parsed.value;

  let store: LevelStore;
  try {
    await mkdir(options.dataDir, { recursive: true });
    store = await LevelStore.open(options.dataDir);
  } catch (err: unknown) {
    if (isStoreError(err)) return fail(err.message);
    return fail(
      `cannot create the data directory ${options.dataDir} (${(err as NodeJS.ErrnoException).code})`,
    );
  }
  try {
    let chain: ChainManager;
    try {
      chain = await ChainManager.open(store, genesis.value ? { genesis: genesis.value } : {});
    } catch (err: unknown) {
      if (isChainError(err)) return fail(`${options.dataDir}: ${err.message}`);
      throw err;
    }
    if (genesisRlp) {
      // A chain of another genesis would only pile up as orphans: say so at once.
      const fileGenesis = decodeBlock(genesisRlp, 'genesis');
      if (!fileGenesis.ok) return fail(`${file}: ${fileGenesis.message}`);
      const hashHex = toHex(blockHash(fileGenesis.value));
      if (hashHex !== chain.genesis.hashHex) {
        return fail(
          `${file}: its genesis ${hashHex} is not the chain's ${chain.genesis.hashHex} (see --genesis)`,
        );
      }
    }
    return await importInto(chain, blocks, file, options);
  } finally {
    await store.close();
  }
}

async function importInto(
  chain: ChainManager,
  blocks: readonly FileBlock[],
  file: string,
  options: ImportBlocksOptions,
): Promise<number> {
  const { out } = options;
  const whereOf = new Map(blocks.map((b) => [toHex(blockHash(b.block)), b.where]));
  const known = blocks.filter((b) => chain.hasBlock(blockHash(b.block))).length;
  let imported = 0;
  let verdict: number = ImportExit.Imported;
  for (let i = 0; i < blocks.length; i += IMPORT_BATCH_BLOCKS) {
    // importBlocks takes a Blocks message's order, newest first; the file is oldest first.
    const batch = blocks.slice(i, i + IMPORT_BATCH_BLOCKS).map((b) => b.block);
    const result = await chain.importBlocks(batch.reverse(), 'import');
    imported += result.imported.length;
    const rejection = result.rejected[0];
    const failure = rejection?.error ?? result.invalid ?? result.refused;
    if (failure) {
      const where = rejection ? (whereOf.get(rejection.hashHex) ?? rejection.hashHex) : 'a block';
      out(`import: ${file} ${where}: ${failure.message}`);
      verdict = ImportExit.Rejected;
      break;
    }
  }
  const head = chain.head;
  out(`imported ${imported} blocks from ${file} into ${options.dataDir} (${known} already there)`);
  if (verdict === ImportExit.Imported && chain.orphanCount > 0) {
    out(
      `import: ${chain.orphanCount} blocks do not link to the chain (parent neither in the file nor stored)`,
    );
    verdict = ImportExit.Rejected;
  }
  out(`head: height ${head.height}, hash ${head.hashHex}, total difficulty ${head.totalDifficulty}`);
  return verdict;
}
