import { readFileSync } from 'node:fs';
import type { Genesis } from '../chain';
import { POC3_GENESIS, isChainError, parseGenesis, toHex } from '../chain';
import { TraceError, TraceErrorCode } from './traceError';
import type { TraceChain } from './traceFormat';

/**
 * The chain a trace's node started from. Its genesis decides the hash in every GetChain the node sends
 * and which GetChain it can answer (PROTOCOL.md, "The chain of the 2014 clients"), so replay must run on
 * the same one: the header carries the block's RLP, from which replay rebuilds it, and its hash as a check.
 */
export function traceChainOf(genesis: Genesis): TraceChain {
  return { genesisHash: genesis.hashHex, genesisRlp: toHex(genesis.rlp) };
}

/**
 * The genesis a recording node runs on: the one given, else the `--genesis FILE` of its config (the node
 * has read and checked that file already at start-up), else PoC-3.
 * @throws ChainError CHAIN_BAD_GENESIS if the file no longer holds a genesis
 */
export function recordedGenesis(genesis: Genesis | undefined, file: string | undefined): Genesis {
  if (genesis) return genesis;
  return file === undefined ? POC3_GENESIS : parseGenesis(readFileSync(file, 'utf8'));
}

/**
 * Rebuilds the genesis a header names. A header without `chain` (written before it existed) means the
 * default PoC-3 genesis, which is what every node ran on then unless started with `--genesis`.
 * @throws TraceError TRACE_BAD_HEADER when the RLP is not a genesis block or its hash is not the one named
 */
export function genesisOfTrace(chain: TraceChain | undefined): Genesis {
  if (chain === undefined) return POC3_GENESIS;
  let genesis: Genesis;
  try {
    genesis = parseGenesis(chain.genesisRlp);
  } catch (err: unknown) {
    if (!isChainError(err)) throw err;
    throw new TraceError(TraceErrorCode.BadHeader, `chain.genesisRlp: ${err.message}`, 1, { cause: err });
  }
  if (genesis.hashHex !== chain.genesisHash) {
    throw new TraceError(
      TraceErrorCode.BadHeader,
      `chain.genesisRlp hashes to ${genesis.hashHex}, not chain.genesisHash ${chain.genesisHash}`,
      1,
    );
  }
  return genesis;
}
