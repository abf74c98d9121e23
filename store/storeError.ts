/**
 * The store layer's error codes. `STORE_LOCKED` is the one an operator meets most: LevelDB takes an
 * exclusive lock on its directory, so a second node started on the same `--data-dir` must fail clearly.
 */
export const StoreErrorCode = {
  /** Another process (or another open handle in this one) holds the LevelDB lock on the directory. */
  Locked: 'STORE_LOCKED',
  /** The directory could not be created, read or written (permissions, not a directory, disk full…). */
  Io: 'STORE_IO',
  /** An operation after `close()`. */
  Closed: 'STORE_CLOSED',
  /** A stored record does not decode (e.g. a node key that is not a valid secp256k1 private key). */
  Corrupt: 'STORE_CORRUPT',
} as const;

export type StoreErrorCode = (typeof StoreErrorCode)[keyof typeof StoreErrorCode];

export type StoreErrorDetail =
  | { code: typeof StoreErrorCode.Locked; location: string }
  | { code: typeof StoreErrorCode.Io; location: string; operation: string; reason: string }
  | { code: typeof StoreErrorCode.Closed; location: string; operation: string }
  | { code: typeof StoreErrorCode.Corrupt; key: string; reason: string };

function describe(d: StoreErrorDetail): string {
  switch (d.code) {
    case StoreErrorCode.Locked:
      return `the store at ${d.location} is locked by another process (is another node using this data dir?)`;
    case StoreErrorCode.Io:
      return `store ${d.operation} failed at ${d.location}: ${d.reason}`;
    case StoreErrorCode.Closed:
      return `store ${d.operation} after close (${d.location})`;
    case StoreErrorCode.Corrupt:
      return `stored record ${d.key} is corrupt: ${d.reason}`;
  }
}

/** The store layer's one error class; match on `code`, never on the message text. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly detail: StoreErrorDetail;

  constructor(detail: StoreErrorDetail, options?: { cause?: unknown }) {
    super(describe(detail), options);
    this.name = 'StoreError';
    this.code = detail.code;
    this.detail = detail;
  }
}

export function isStoreError(err: unknown): err is StoreError {
  return err instanceof StoreError;
}
