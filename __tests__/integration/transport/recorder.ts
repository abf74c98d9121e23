import type { CloseInfo, Connection } from '../../../transport/connection';

/**
 * Starts a connection (now or later) and records what it reports, with promises to await instead of
 * sleeping: `bytes(n)` resolves once n bytes arrived, `closed` on the close. It also counts the breaches
 * of the contract a test must see as zero: a second `closed`, data after `closed`.
 */
export class Recorder {
  readonly chunks: Uint8Array[] = [];
  readonly closes: CloseInfo[] = [];
  received = 0;
  dataAfterClose = 0;
  readonly closed: Promise<CloseInfo>;
  private resolveClosed!: (info: CloseInfo) => void;
  private waiters: Array<{ bytes: number; resolve: () => void }> = [];
  private started = false;

  constructor(readonly connection: Connection) {
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
  }

  get isStarted(): boolean {
    return this.started;
  }

  get isClosed(): boolean {
    return this.closes.length > 0;
  }

  start(): this {
    if (this.started) return this;
    this.started = true;
    this.connection.start({
      data: (chunk) => {
        if (this.closes.length > 0) this.dataAfterClose += 1;
        this.chunks.push(chunk);
        this.received += chunk.length;
        this.waiters = this.waiters.filter((w) => {
          if (this.received < w.bytes) return true;
          w.resolve();
          return false;
        });
      },
      closed: (info) => {
        this.closes.push(info);
        this.resolveClosed(info);
        for (const w of this.waiters.splice(0)) w.resolve(); // a short stream fails its test, not a timeout
      },
    });
    return this;
  }

  /** Resolves once `n` bytes arrived in all (or the connection closed first). */
  bytes(n: number): Promise<void> {
    if (this.received >= n || this.isClosed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ bytes: n, resolve }));
  }

  /** Everything received, as one byte stream. */
  stream(): Uint8Array {
    return Buffer.concat(this.chunks);
  }
}

/** Lets every queued callback and I/O event of a few loop turns run; a yield, not a sleep. */
export async function settle(turns = 4): Promise<void> {
  for (let i = 0; i < turns; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Deterministic test bytes (xorshift32): any reordering, loss or duplication changes them. */
export function pattern(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
