import { ClassicLevel } from 'classic-level';

/**
 * The writer that the store crash test kills (`__tests__/integration/store/levelStoreCrash.test.ts`).
 * `node storeCrashChild.js <dir>` opens the LevelDB store in `dir` and writes numbered batches for ever,
 * batch i holding `n:<i>:<j>` for every j plus `last` = i, and prints `wrote batch <i>` once each batch
 * is acknowledged; it resumes after the stored `last`. `node storeCrashChild.js <dir> hold` only opens the
 * store and keeps its lock. It writes with classic-level directly, so the test checks LevelDB's atomicity
 * through `LevelStore` without our class on both sides.
 */

/** Keys per batch, and bytes per value: a batch (~24 KiB) mostly straddles one of LevelDB's 32 KiB log blocks. */
export const CRASH_KEYS_PER_BATCH = 8;
export const CRASH_VALUE_BYTES = 3000;
export const CRASH_LAST_KEY = 'last';

export function crashKey(batch: number, j: number): string {
  return `n:${batch}:${j}`;
}

/** Every byte depends on (batch, j), so a torn or misplaced value cannot pass for a right one. */
export function crashValue(batch: number, j: number): Uint8Array {
  const value = new Uint8Array(CRASH_VALUE_BYTES);
  for (let k = 0; k < CRASH_VALUE_BYTES; k++) value[k] = (batch * 31 + j * 7 + k) & 0xff;
  return value;
}

/** The stored `last` (a decimal string), or -1 when no batch was ever written. */
export function decodeLast(bytes: Uint8Array | undefined): number {
  return bytes === undefined ? -1 : Number(Buffer.from(bytes).toString('utf8'));
}

async function run(dir: string, mode: string | undefined): Promise<void> {
  const db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
  await db.open();
  const last = decodeLast(await db.get(CRASH_LAST_KEY));
  process.stdout.write(`ready ${last}\n`);
  if (mode === 'hold') {
    // Keep the process (and the lock) alive until the parent kills it.
    setInterval(() => undefined, 1 << 30);
    return;
  }
  for (let i = last + 1; ; i++) {
    const ops: Array<{ type: 'put'; key: string; value: Uint8Array }> = [];
    for (let j = 0; j < CRASH_KEYS_PER_BATCH; j++) {
      ops.push({ type: 'put', key: crashKey(i, j), value: crashValue(i, j) });
    }
    ops.push({ type: 'put', key: CRASH_LAST_KEY, value: Buffer.from(String(i), 'utf8') });
    await db.batch(ops);
    process.stdout.write(`wrote batch ${i}\n`);
  }
}

if (require.main === module) {
  const [dir, mode] = process.argv.slice(2);
  if (dir === undefined) {
    console.error('usage: node storeCrashChild.js <dir> [hold]');
    process.exit(2);
  }
  run(dir, mode).catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  });
}
