export { ChainError, ChainErrorCode, isChainError } from './errors';
export type { ChainErrorDetail } from './errors';
export {
  MAX_GETCHAIN_HASHES,
  MAX_BLOCKS_PER_ANSWER,
  GETCHAIN_ASK_COUNT,
  DEFAULT_MAX_ORPHANS,
  DEFAULT_MAX_ORPHAN_BYTES,
  DEFAULT_MAX_BLOCKS,
} from './constants';
export {
  blockHash,
  encodeBlock,
  transactionsRoot,
  unclesRoot,
  headerHashWithoutNonce,
  toHex,
  fromHex,
} from './blockHash';
export {
  POC3_GENESIS,
  POC3_GENESIS_HASH_HEX,
  POC3_GENESIS_RLP_HEX,
  parseGenesis,
  genesisFromBlock,
} from './genesis';
export type { Genesis } from './genesis';
export { validateTransaction, transactionHash, transactionSigningHash } from './validateTransaction';
export {
  expectedDifficulty,
  meetsProofOfWork,
  checkAgainstParent,
  checkBlockIntrinsic,
} from './validateBlock';
export type { ParentFacts } from './validateBlock';
export type { CandidateBlock, TreeEntry } from './candidateBlock';
export { BlockTree } from './blockTree';
export type { BlockTreeOptions, BlockImport, BlockImportStatus, Rejection } from './blockTree';
export { ChainStore } from './chainStore';
export type { ChainLoadReport } from './chainStore';
export { answerGetChain, chainRequest, notInChainEffect } from './getChain';
export type { GetChainAnswer, NotInChainEffect } from './getChain';
export { ChainManager } from './chainManager';
export type { ChainManagerOptions, ChainHead, ImportResult } from './chainManager';
export {
  TransactionPool,
  pooledTransaction,
  DEFAULT_MAX_POOLED_TRANSACTIONS,
  DEFAULT_MAX_KNOWN_PER_PEER,
} from './txPool';
export type { TransactionPoolOptions, PooledTransaction, PoolLoadReport } from './txPool';
