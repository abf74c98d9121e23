import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RLP } from '@ethereumjs/rlp';
import type { PythonValue } from '../../tools/parsePythonList';
import { parsePythonList } from '../../tools/parsePythonList';

/**
 * Loader for the real data in ../shared (beside the checkout, as in CI). Tests read the vectors from
 * there and never keep a copy in the repo. Everything is returned as fresh bytes, so a test may not
 * disturb another's data.
 */

/** The shared folder: `../shared` relative to the repo root. */
export const SHARED_DIR = path.resolve(__dirname, '../../../shared');
export const VECTORS_DIR = path.join(SHARED_DIR, 'vectors');
export const CPP_DIR = path.join(VECTORS_DIR, 'cpp-ethereum-v0.3.11');
export const SEED_FILE = path.join(SHARED_DIR, 'seed', 'wireprotocol-seed.txt');

export function readShared(relative: string): string {
  return readFileSync(path.join(SHARED_DIR, relative), 'utf8');
}

export function fromHex(hex: string): Uint8Array {
  const h = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`not hex: ${hex.slice(0, 40)}`);
  return Uint8Array.from(Buffer.from(h, 'hex'));
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

/** Byte equality without jest's element-by-element diff (slow on long arrays). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

function testsOf(file: string): Record<string, unknown> {
  const doc = readJson(file);
  if (!isRecord(doc) || !isRecord(doc.tests)) throw new Error(`${file}: no "tests" object`);
  return doc.tests;
}

// ---------------------------------------------------------------- RLP tests (ethereum/tests)

/** An RLP test input as stored: text, a number, `#N` (a big integer), `0x..` bytes, or a list of those. */
export type RlpTestInput = string | number | RlpTestInput[];
/** The input as RLP sees it: byte strings (integers canonical, big-endian) and lists. */
export type RlpTestItem = Uint8Array | RlpTestItem[];

export interface RlpValidCase {
  readonly name: string;
  readonly input: RlpTestInput;
  readonly out: Uint8Array;
}

export interface RlpInvalidCase {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A non-negative integer as canonical big-endian bytes (0 = empty), independently of the codec. */
function bigIntBytes(n: bigint): Uint8Array {
  if (n < 0n) throw new Error(`negative integer in a vector: ${n}`);
  if (n === 0n) return new Uint8Array(0);
  const hex = n.toString(16);
  return fromHex(hex.length % 2 ? '0' + hex : hex);
}

/** Converts a stored input to the item it stands for ("'in' strings are raw text, '#N' a big integer"). */
export function rlpTestItem(input: RlpTestInput): RlpTestItem {
  if (Array.isArray(input)) return input.map(rlpTestItem);
  if (typeof input === 'number') return bigIntBytes(BigInt(input));
  if (input.startsWith('#')) return bigIntBytes(BigInt(input.slice(1)));
  if (input.startsWith('0x')) return fromHex(input);
  return Uint8Array.from(Buffer.from(input, 'utf8'));
}

function asRlpInput(v: unknown, where: string): RlpTestInput {
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map((x: unknown) => asRlpInput(x, where));
  throw new Error(`${where}: unexpected input ${JSON.stringify(v)}`);
}

/** rlptest.json: every case that must encode to `out` and decode back. */
export function loadRlpTests(): RlpValidCase[] {
  return Object.entries(testsOf(path.join(VECTORS_DIR, 'rlptest.json'))).map(([name, c]) => {
    if (!isRecord(c) || typeof c.out !== 'string') throw new Error(`rlptest ${name}: malformed case`);
    return { name, input: asRlpInput(c.in, name), out: fromHex(c.out) };
  });
}

/** invalidRLPTest.json: byte strings a strict RLP decoder must reject. */
export function loadInvalidRlpTests(): RlpInvalidCase[] {
  return Object.entries(testsOf(path.join(VECTORS_DIR, 'invalidRLPTest.json'))).map(([name, c]) => {
    if (!isRecord(c) || typeof c.out !== 'string') throw new Error(`invalidRLPTest ${name}: malformed case`);
    return { name, bytes: fromHex(c.out) };
  });
}

// ---------------------------------------------------------------- the seed's two real Hellos

/** One of the seed's captured packets: `[syncToken, payloadSize, 'Hello', ...fields]` and its frame. */
export interface SeedPacket {
  readonly syncToken: number;
  /** The payload size the capture states (116 and 27). */
  readonly declaredSize: number;
  readonly commandName: string;
  /** The fields after the command, as the exact bytes captured. */
  readonly fields: readonly Uint8Array[];
  /** RLP of `[0x00 (Hello, as the empty string), ...fields]`. */
  readonly payload: Uint8Array;
  /** Sync token + size (uint32 BE) + payload. */
  readonly frame: Uint8Array;
}

function seedPacketFrom(values: PythonValue[]): SeedPacket {
  const [token, size, name, ...rest] = values;
  if (typeof token !== 'bigint' || typeof size !== 'bigint' || !(name instanceof Uint8Array)) {
    throw new Error('seed packet: expected [token, size, name, ...]');
  }
  const fields = rest.map((v) => {
    if (!(v instanceof Uint8Array)) throw new Error('seed packet: a field is not a string');
    return v;
  });
  // The command id of Hello is 0, and the integer 0 is the empty string in RLP.
  const payload = RLP.encode([new Uint8Array(0), ...fields]);
  const frame = new Uint8Array(8 + payload.length);
  const view = new DataView(frame.buffer);
  view.setUint32(0, Number(token));
  view.setUint32(4, payload.length);
  frame.set(payload, 8);
  return {
    syncToken: Number(token),
    declaredSize: Number(size),
    commandName: Buffer.from(name).toString('latin1'),
    fields,
    payload,
    frame,
  };
}

/**
 * The two real Hello packets quoted in the seed's docstring, parsed from the seed file itself:
 * cpp-ethereum v0.3.11 (payload 116 bytes) and pyethereum 0.0.1 (27 bytes).
 */
export function loadSeedHellos(): { cpp: SeedPacket; py: SeedPacket } {
  const text = readFileSync(SEED_FILE, 'latin1');
  const packets: SeedPacket[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('[574621841,', from);
    if (at < 0) break;
    const { values, end } = parsePythonList(text, at);
    packets.push(seedPacketFrom(values));
    from = end;
  }
  const cpp = packets.find((p) => p.declaredSize === 116);
  const py = packets.find((p) => p.declaredSize === 27);
  if (packets.length !== 2 || !cpp || !py) throw new Error('seed: expected the two Hello packets (116, 27)');
  return { cpp, py };
}

// ---------------------------------------------------------------- cpp-ethereum v0.3.11 captures

export interface ChainBlock {
  readonly height: number;
  readonly hash: Uint8Array;
  readonly parentHash: Uint8Array;
  readonly difficulty: bigint;
  readonly timestamp: bigint;
  readonly transactions: number;
  readonly totalDifficulty: bigint;
  /** The whole block's RLP as it went over the wire. */
  readonly rlp: Uint8Array;
}

export interface Chain {
  readonly genesis: { readonly hash: Uint8Array; readonly rlp: Uint8Array; readonly difficulty: bigint };
  /** Oldest first, heights 1..11. */
  readonly blocks: readonly ChainBlock[];
}

function str(r: Record<string, unknown>, key: string): string {
  const v = r[key];
  if (typeof v !== 'string') throw new Error(`chain.json: ${key} is not a string`);
  return v;
}

function num(r: Record<string, unknown>, key: string): number {
  const v = r[key];
  if (typeof v !== 'number') throw new Error(`chain.json: ${key} is not a number`);
  return v;
}

/** chain.json: the genesis and the 11 blocks cpp-ethereum v0.3.11 mined. */
export function loadChain(): Chain {
  const doc = readJson(path.join(CPP_DIR, 'chain.json'));
  if (!isRecord(doc) || !isRecord(doc.genesis) || !Array.isArray(doc.blocks))
    throw new Error('chain.json: shape');
  const g = doc.genesis;
  return {
    genesis: {
      hash: fromHex(str(g, 'hash')),
      rlp: fromHex(str(g, 'rlp')),
      difficulty: BigInt(str(g, 'difficulty')),
    },
    blocks: doc.blocks.map((b: unknown) => {
      if (!isRecord(b)) throw new Error('chain.json: block is not an object');
      return {
        height: num(b, 'height'),
        hash: fromHex(str(b, 'hash')),
        parentHash: fromHex(str(b, 'parentHash')),
        difficulty: BigInt(str(b, 'difficulty')),
        timestamp: BigInt(str(b, 'timestamp')),
        transactions: num(b, 'transactions'),
        totalDifficulty: BigInt(str(b, 'totalDifficulty')),
        rlp: fromHex(str(b, 'rlp')),
      };
    }),
  };
}

export interface SessionFrame {
  /** Milliseconds since connect. */
  readonly t: number;
  /** `in`: sent by the 2014 client; `out`: sent by the probe. */
  readonly dir: 'in' | 'out';
  readonly cmd: string;
  /** The whole frame, header included. */
  readonly frame: Uint8Array;
}

/** session.jsonl: every frame of one session with cpp-ethereum v0.3.11, in order. */
export function loadSession(): SessionFrame[] {
  return readFileSync(path.join(CPP_DIR, 'session.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, n) => {
      const r = JSON.parse(line) as unknown;
      if (!isRecord(r) || typeof r.t !== 'number' || typeof r.cmd !== 'string' || typeof r.hex !== 'string') {
        throw new Error(`session.jsonl line ${n + 1}: shape`);
      }
      if (r.dir !== 'in' && r.dir !== 'out') throw new Error(`session.jsonl line ${n + 1}: dir`);
      return { t: r.t, dir: r.dir, cmd: r.cmd, frame: fromHex(r.hex) };
    });
}
