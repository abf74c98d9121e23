import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Prng } from '../../sim/prng';
import { createSignedTransactions } from '../../sim/signedTransactions';
import { encodeRlp, transactionToRlp } from '../../wire';

/** Generated once per machine: signing is the slow part (~1–5 ms a transaction here). */
const CACHE_DIR = path.join(tmpdir(), 'pocnode-bench');
const SEED = 8;

/**
 * A file of `count` distinct, validly signed transactions (one RLP a line, hex), made by the simulator's
 * generator with a fixed seed and kept in the temporary directory for later runs. Distinct and never
 * repeated within a run: the node remembers signature verdicts and pooled hashes, and a repeated
 * transaction would be neither checked nor relayed.
 */
export function relayTransactionsFile(count: number): { file: string; generatedMs: number } {
  const file = path.join(CACHE_DIR, `relay-transactions-${count}-seed${SEED}.hex`);
  if (existsSync(file) && readTransactionLines(file, count).length === count) {
    return { file, generatedMs: 0 };
  }
  const started = performance.now();
  const txs = createSignedTransactions(count, new Prng(SEED, 'relay benchmark'));
  const lines = txs.map((tx) => Buffer.from(encodeRlp(transactionToRlp(tx))).toString('hex'));
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(`${file}.tmp`, lines.join('\n') + '\n');
  renameSync(`${file}.tmp`, file);
  return { file, generatedMs: performance.now() - started };
}

/** The first `count` lines (hex RLPs) of a transactions file. */
export function readTransactionLines(file: string, count: number): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .slice(0, count);
}
