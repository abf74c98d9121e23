import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_NODE_CONFIG } from '../../../actors/nodeConfig';
import {
  ChainErrorCode,
  POC3_GENESIS,
  POC3_GENESIS_HASH_HEX,
  POC3_GENESIS_RLP_HEX,
  genesisFromBlock,
} from '../../../chain';
import { TraceErrorCode, isTraceError, parseTrace, traceHeaderFor } from '../../../trace';
import { genesisOfTrace } from '../../../trace/traceGenesis';
import { tempDirPerTest } from '../../helpers/tempDir';
import { loadChain, toHex } from '../../helpers/vectors';

const GOLDEN = path.resolve(__dirname, '../../traces/seed-hello-cpp.jsonl');
const NODE_ID = new Uint8Array(64).fill(3);
const OTHER = genesisFromBlock({
  ...POC3_GENESIS.block,
  header: { ...POC3_GENESIS.block.header, extraData: Uint8Array.of(1, 2, 3) },
});

function headerFailure(chain: unknown): string {
  const header = JSON.parse(readFileSync(GOLDEN, 'utf8').split('\n')[0]!) as Record<string, unknown>;
  try {
    parseTrace(JSON.stringify({ ...header, chain }));
  } catch (err: unknown) {
    if (isTraceError(err) && err.line === 1) return err.code;
    throw err;
  }
  return 'parsed';
}

describe('the genesis in a trace header', () => {
  const tempDir = tempDirPerTest('pocnode-trace-genesis-');
  it("is the 2014 clients' PoC-3 genesis by default, as cpp-ethereum v0.3.11 sent it", () => {
    const header = traceHeaderFor({ config: DEFAULT_NODE_CONFIG, nodeId: NODE_ID, listenPort: 30303 });
    expect(header.chain).toEqual({ genesisHash: POC3_GENESIS_HASH_HEX, genesisRlp: POC3_GENESIS_RLP_HEX });
    // The real chain's genesis, from the capture, not from our own constant.
    expect(header.chain?.genesisHash).toBe(toHex(loadChain().genesis.hash));
    expect(header.chain?.genesisRlp).toBe(toHex(loadChain().genesis.rlp));
  });

  it("is read from the config's --genesis file, as `pocnode start --genesis FILE --trace-dir` records it", () => {
    const file = path.join(tempDir(), 'genesis.txt');
    writeFileSync(file, `0x${toHex(OTHER.rlp)}\n`);
    const config = { ...DEFAULT_NODE_CONFIG, genesis: file };
    const header = traceHeaderFor({ config, nodeId: NODE_ID, listenPort: 30303 });
    expect(header.chain).toEqual({ genesisHash: OTHER.hashHex, genesisRlp: toHex(OTHER.rlp) });
  });

  it('is the genesis given, when one is given', () => {
    const header = traceHeaderFor({
      config: DEFAULT_NODE_CONFIG,
      nodeId: NODE_ID,
      listenPort: 30303,
      genesis: OTHER,
    });
    expect(genesisOfTrace(header.chain).hashHex).toBe(OTHER.hashHex);
  });

  it('rebuilds to PoC-3 when the header has none (traces written before it existed)', () => {
    expect(genesisOfTrace(undefined)).toBe(POC3_GENESIS);
  });

  it('rebuilds the block whose RLP it holds', () => {
    const genesis = genesisOfTrace({ genesisHash: OTHER.hashHex, genesisRlp: toHex(OTHER.rlp) });
    expect(genesis.block).toEqual(OTHER.block);
    expect(toHex(genesis.rlp)).toBe(toHex(OTHER.rlp));
  });

  it.each([
    ['not an object', 'ab'],
    ['a hash of the wrong length', { genesisHash: 'ab', genesisRlp: POC3_GENESIS_RLP_HEX }],
    [
      'upper-case hex',
      { genesisHash: POC3_GENESIS_HASH_HEX.toUpperCase(), genesisRlp: POC3_GENESIS_RLP_HEX },
    ],
    ['no RLP', { genesisHash: POC3_GENESIS_HASH_HEX }],
    [
      'an RLP that hashes to another block',
      { genesisHash: POC3_GENESIS_HASH_HEX, genesisRlp: toHex(OTHER.rlp) },
    ],
    ['an RLP that is not a block', { genesisHash: POC3_GENESIS_HASH_HEX, genesisRlp: 'c0' }],
  ])('makes the header unusable (TRACE_BAD_HEADER) when it is %s', (_why, chain) => {
    expect(headerFailure(chain)).toBe(TraceErrorCode.BadHeader);
  });

  it('makes the header unusable when the block could not be a genesis (it has a parent)', () => {
    const child = loadChain().blocks[0]!;
    expect(headerFailure({ genesisHash: toHex(child.hash), genesisRlp: toHex(child.rlp) })).toBe(
      TraceErrorCode.BadHeader,
    );
    let thrown: unknown;
    try {
      genesisOfTrace({ genesisHash: toHex(child.hash), genesisRlp: toHex(child.rlp) });
    } catch (err: unknown) {
      thrown = err;
    }
    // The chain layer's own verdict is kept as the cause.
    expect(thrown instanceof Error && thrown.cause).toMatchObject({ code: ChainErrorCode.BadGenesis });
  });
});
