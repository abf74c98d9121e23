/**
 * Every semantic way a block, a transaction or a genesis can be wrong (PROTOCOL.md "The chain of the 2014
 * clients"). Field shapes are already refused by the wire codec (`WireError`); these are the checks that need
 * hashing, a parent or a signature. A peer that sends any of them is disconnected with Bad protocol
 * (CONTRACT.md §3), except `CHAIN_TABLE_FULL`, which is our limit and not the peer's fault.
 */
export const ChainErrorCode = {
  /** Keccak-256(Keccak-256(RLP of the first 8 header fields) ‖ nonce) > 2^256 / difficulty (Dagger.h). */
  BadPow: 'CHAIN_BAD_POW',
  /** Difficulty differs from BlockInfo::calculateDifficulty of the parent (the 42-second rule). */
  BadDifficulty: 'CHAIN_BAD_DIFFICULTY',
  /** timestamp < parent's timestamp (BlockInfo::verifyParent). */
  TimestampBeforeParent: 'CHAIN_TIMESTAMP_BEFORE_PARENT',
  /** sha3Transactions ≠ Keccak-256 of the RLP of the transaction list. */
  BadTxRoot: 'CHAIN_BAD_TX_ROOT',
  /** sha3Uncles ≠ Keccak-256 of the RLP of the uncle list. */
  BadUnclesRoot: 'CHAIN_BAD_UNCLES_ROOT',
  /** No public key recovers from (r, s, v) over the transaction's signing hash. */
  BadSignature: 'CHAIN_BAD_SIGNATURE',
  /** v not 27/28, or r/s outside [1, n−1] of secp256k1. */
  BadTxShape: 'CHAIN_BAD_TX_SHAPE',
  /** The block's parent was itself rejected: nothing built on it can be valid. */
  InvalidAncestor: 'CHAIN_INVALID_ANCESTOR',
  /** `--genesis FILE` (or another genesis source) is not a usable genesis block. */
  BadGenesis: 'CHAIN_BAD_GENESIS',
  /** A record read back from the store does not decode or does not match its key. */
  StoreCorrupt: 'CHAIN_STORE_CORRUPT',
  /** The block table reached its bound; the block was refused (not the sender's fault). */
  TableFull: 'CHAIN_TABLE_FULL',
} as const;

export type ChainErrorCode = (typeof ChainErrorCode)[keyof typeof ChainErrorCode];

export type ChainErrorDetail =
  | { code: typeof ChainErrorCode.BadPow; hash: string }
  | { code: typeof ChainErrorCode.BadDifficulty; hash: string; expected: bigint; got: bigint }
  | { code: typeof ChainErrorCode.TimestampBeforeParent; hash: string; parent: bigint; got: bigint }
  | { code: typeof ChainErrorCode.BadTxRoot; hash: string }
  | { code: typeof ChainErrorCode.BadUnclesRoot; hash: string }
  | { code: typeof ChainErrorCode.BadSignature; reason: string }
  | { code: typeof ChainErrorCode.BadTxShape; reason: string }
  | { code: typeof ChainErrorCode.InvalidAncestor; hash: string; ancestor: string }
  | { code: typeof ChainErrorCode.BadGenesis; reason: string }
  | { code: typeof ChainErrorCode.StoreCorrupt; key: string; reason: string }
  | { code: typeof ChainErrorCode.TableFull; hash: string; max: number };

function describe(d: ChainErrorDetail): string {
  switch (d.code) {
    case ChainErrorCode.BadPow:
      return `block ${d.hash}: proof of work above the difficulty's target`;
    case ChainErrorCode.BadDifficulty:
      return `block ${d.hash}: difficulty ${d.got}, expected ${d.expected} from its parent`;
    case ChainErrorCode.TimestampBeforeParent:
      return `block ${d.hash}: timestamp ${d.got} before its parent's ${d.parent}`;
    case ChainErrorCode.BadTxRoot:
      return `block ${d.hash}: sha3Transactions does not match the transaction list`;
    case ChainErrorCode.BadUnclesRoot:
      return `block ${d.hash}: sha3Uncles does not match the uncle list`;
    case ChainErrorCode.BadSignature:
      return `bad transaction signature: ${d.reason}`;
    case ChainErrorCode.BadTxShape:
      return `bad transaction: ${d.reason}`;
    case ChainErrorCode.InvalidAncestor:
      return `block ${d.hash}: descends from the rejected block ${d.ancestor}`;
    case ChainErrorCode.BadGenesis:
      return `bad genesis: ${d.reason}`;
    case ChainErrorCode.StoreCorrupt:
      return `corrupt chain record ${d.key}: ${d.reason}`;
    case ChainErrorCode.TableFull:
      return `block ${d.hash} refused: the block table holds its maximum of ${d.max}`;
  }
}

/** The chain layer's one error class; match on `code`, never on the message text. */
export class ChainError extends Error {
  readonly code: ChainErrorCode;
  readonly detail: ChainErrorDetail;

  constructor(detail: ChainErrorDetail) {
    super(describe(detail));
    this.name = 'ChainError';
    this.code = detail.code;
    this.detail = detail;
  }
}

export function isChainError(err: unknown): err is ChainError {
  return err instanceof ChainError;
}
