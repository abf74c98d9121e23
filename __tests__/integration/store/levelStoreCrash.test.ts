import path from 'node:path';
import { LevelStore, StoreErrorCode, isStoreError } from '../../../store';
import {
  CRASH_KEYS_PER_BATCH,
  CRASH_LAST_KEY,
  crashKey,
  crashValue,
  decodeLast,
} from '../../../tools/storeCrashChild';
import { StoreChild, compileStoreChild } from '../../helpers/storeChildProcess';
import { tempDirPerSuite } from '../../helpers/tempDir';

/**
 * A LevelDB store survives its process being killed at any moment: the child writes numbered batches
 * and is SIGKILLed after a number of acknowledged batches drawn from a seeded PRNG; each time, the
 * store opens and holds every batch up to `last` complete and nothing of a later one.
 */

const ROUNDS = 20;
const SEED = 0x5eed2014;
/** Acknowledged batches to wait for before the kill, at most (0 = kill as soon as it is open). */
const MAX_BATCHES_BEFORE_KILL = 30;

/** mulberry32: a tiny deterministic PRNG, so a failing round can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lets the child run on for a few turns of our event loop (not a timer), to vary where the kill lands. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

const batchOf = (line: string): number | undefined => {
  const m = /^wrote batch (\d+)$/.exec(line);
  return m ? Number(m[1]) : undefined;
};

const workDir = tempDirPerSuite('pocnode-crash-');
let script: string;
beforeAll(() => {
  script = compileStoreChild(workDir());
});

/** Everything in the store, checked: batches 0..last complete and exact, nothing beyond. */
async function checkConsistent(storeDir: string): Promise<{ last: number; batches: number }> {
  const store = await LevelStore.open(storeDir);
  try {
    const last = decodeLast(await store.get(CRASH_LAST_KEY));
    const perBatch = new Map<number, number>();
    for (const [key, value] of await store.entries('n:')) {
      const [, b, j] = key.split(':').map(Number) as [number, number, number];
      expect(b).toBeLessThanOrEqual(last);
      expect(Buffer.from(value).equals(Buffer.from(crashValue(b, j)))).toBe(true);
      perBatch.set(b, (perBatch.get(b) ?? 0) + 1);
    }
    expect(perBatch.size).toBe(last + 1);
    for (const [b, count] of perBatch) {
      expect(b).toBeGreaterThanOrEqual(0);
      expect(count).toBe(CRASH_KEYS_PER_BATCH);
    }
    expect(crashKey(0, 0)).toBe('n:0:0');
    return { last, batches: perBatch.size };
  } finally {
    await store.close();
  }
}

describe('LevelStore under SIGKILL', () => {
  it(`holds a complete prefix of the batches after each of ${ROUNDS} kills at random moments`, async () => {
    const storeDir = path.join(workDir(), 'crash-db');
    const random = prng(SEED);
    let previousLast = -1;
    let kills = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const wait = Math.floor(random() * (MAX_BATCHES_BEFORE_KILL + 1));
      const child = new StoreChild(script, storeDir);
      const ready = await child.waitForLine((l) => l.startsWith('ready '));
      const startedAfter = Number(ready.slice('ready '.length));
      // The child resumes after what the last round left: what was acknowledged stayed.
      expect(startedAfter).toBe(previousLast);
      if (wait > 0) await child.waitForLine((l) => (batchOf(l) ?? -1) >= startedAfter + wait);
      await turns(Math.floor(random() * 4));
      const exit = await child.kill();
      expect(exit.signal).toBe('SIGKILL');
      kills++;
      const acknowledged = Math.max(previousLast, ...exit.lines.map((l) => batchOf(l) ?? -1));

      const { last } = await checkConsistent(storeDir);
      // Durable: every batch the child saw acknowledged is there (one more may be, written but unprinted).
      expect(last).toBeGreaterThanOrEqual(acknowledged);
      expect(last).toBeLessThanOrEqual(acknowledged + 1);
      previousLast = last;
    }
    expect(kills).toBe(ROUNDS);
    expect(previousLast).toBeGreaterThan(ROUNDS);
    // 20 child processes: ~10 s on an idle 2-core machine, several times that when it is busy.
  }, 180_000);

  it('refuses to open a directory another process holds with STORE_LOCKED, and opens it after that process dies', async () => {
    const storeDir = path.join(workDir(), 'locked-db');
    const holder = new StoreChild(script, storeDir, 'hold');
    await holder.waitForLine((l) => l.startsWith('ready '));
    let code: string | undefined;
    try {
      const store = await LevelStore.open(storeDir);
      await store.close();
    } catch (err: unknown) {
      code = isStoreError(err) ? err.code : String(err);
    }
    expect(code).toBe(StoreErrorCode.Locked);
    await holder.kill();
    const store = await LevelStore.open(storeDir);
    expect(decodeLast(await store.get(CRASH_LAST_KEY))).toBe(-1);
    await store.close();
  });
});
