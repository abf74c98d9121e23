import { ClassicLevel } from 'classic-level';
import type { Store, StoreOperation } from './store';
import { StoreError, StoreErrorCode } from './storeError';

export interface LevelStoreOptions {
  /**
   * fsync every batch. Off by default: a killed process loses nothing whose `write` resolved (the data is
   * in the OS), only a power cut can drop the last batches, and never part of one (LevelDB's log records
   * carry checksums and a torn tail record is discarded on open).
   */
  readonly sync?: boolean;
}

/** The `code` of an abstract-level error, and of its cause (open failures wrap the real one). */
function levelCodes(err: unknown): { code: string | undefined; cause: string | undefined } {
  const codeOf = (e: unknown): string | undefined => {
    if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
    return typeof e.code === 'string' ? e.code : undefined;
  };
  const cause = err instanceof Error ? err.cause : undefined;
  return { code: codeOf(err), cause: codeOf(cause) };
}

function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message;
}

/** The first string above every string that starts with `prefix`, in LevelDB's bytewise order. */
function upperBound(prefix: string): string | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    // Our prefixes are ASCII; stepping a code unit below U+D800 keeps UTF-8 order equal to string order.
    if (c < 0xd7ff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return undefined;
}

/** A plain `Uint8Array` view of what classic-level returns (a Buffer), so every store yields the same type. */
function plain(value: Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/**
 * The node's `Store` on LevelDB (classic-level) under `--data-dir`: utf8 keys, byte values, each `write`
 * one atomic `db.batch`.
 */
export class LevelStore implements Store {
  private closed = false;

  private constructor(
    private readonly db: ClassicLevel<string, Uint8Array>,
    /** The directory the store lives in. */
    readonly location: string,
    private readonly sync: boolean,
  ) {}

  /**
   * Opens (creating if needed) the LevelDB store in `dir`.
   * @throws StoreError STORE_LOCKED when another process holds the directory, STORE_IO otherwise
   */
  static async open(dir: string, options: LevelStoreOptions = {}): Promise<LevelStore> {
    const db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
    try {
      await db.open();
    } catch (err: unknown) {
      const { code, cause } = levelCodes(err);
      if (code === 'LEVEL_LOCKED' || cause === 'LEVEL_LOCKED') {
        throw new StoreError({ code: StoreErrorCode.Locked, location: dir }, { cause: err });
      }
      throw new StoreError(
        { code: StoreErrorCode.Io, location: dir, operation: 'open', reason: reasonOf(err) },
        { cause: err },
      );
    }
    return new LevelStore(db, dir, options.sync ?? false);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    this.assertOpen('get');
    try {
      const value = await this.db.get(key);
      return value === undefined ? undefined : plain(value);
    } catch (err: unknown) {
      throw this.wrap('get', err);
    }
  }

  async entries(prefix: string): Promise<Array<readonly [string, Uint8Array]>> {
    this.assertOpen('entries');
    const lt = upperBound(prefix);
    try {
      const rows = await this.db.iterator(lt === undefined ? { gte: prefix } : { gte: prefix, lt }).all();
      return rows.map(([k, v]) => [k, plain(v)] as const);
    } catch (err: unknown) {
      throw this.wrap('entries', err);
    }
  }

  async write(operations: readonly StoreOperation[]): Promise<void> {
    this.assertOpen('write');
    if (operations.length === 0) return;
    try {
      await this.db.batch(
        operations.map((op) =>
          op.type === 'put'
            ? { type: 'put' as const, key: op.key, value: op.value }
            : { type: 'del' as const, key: op.key },
        ),
        { sync: this.sync },
      );
    } catch (err: unknown) {
      throw this.wrap('write', err);
    }
  }

  /** Closes the database and releases its lock; calling it again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.db.close();
    } catch (err: unknown) {
      throw this.wrap('close', err);
    }
  }

  private assertOpen(operation: string): void {
    if (this.closed)
      throw new StoreError({ code: StoreErrorCode.Closed, location: this.location, operation });
  }

  private wrap(operation: string, err: unknown): StoreError {
    const { code } = levelCodes(err);
    if (code === 'LEVEL_DATABASE_NOT_OPEN') {
      return new StoreError(
        { code: StoreErrorCode.Closed, location: this.location, operation },
        { cause: err },
      );
    }
    return new StoreError(
      { code: StoreErrorCode.Io, location: this.location, operation, reason: reasonOf(err) },
      { cause: err },
    );
  }
}
