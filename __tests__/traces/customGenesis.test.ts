import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_NODE_CONFIG } from '../../actors/nodeConfig';
import { openNodeCore } from '../../actors/nodeCore';
import { SteppingClock } from '../../actors/steppingClock';
import { POC3_GENESIS, POC3_GENESIS_HASH_HEX, genesisFromBlock } from '../../chain';
import type { Genesis } from '../../chain';
import { MemoryStore } from '../../store/memoryStore';
import { createMemoryPair } from '../../transport/memory';
import { createTraceRecorder, parseTrace, readTrace, replayTrace, traceHeaderFor } from '../../trace';
import type { Trace } from '../../trace';
import { encodeMessageFrame } from '../../wire';
import { loadSeedHellos } from '../helpers/vectors';
import { goldenPath, sent } from './goldenTraces';
import { tempDirPerTest } from '../helpers/tempDir';
import { settle } from '../../trace/traceRunner';

/** The PoC-3 genesis with another timestamp: a valid genesis of another chain (another hash). */
function otherGenesis(): Genesis {
  const { block } = POC3_GENESIS;
  return genesisFromBlock({ ...block, header: { ...block.header, timestamp: 1_400_000_000n } });
}

/**
 * Records a session of a node started on `genesis` the way `pocnode start --genesis` starts one (the
 * genesis handed to openNodeCore; the header from the config's file), on an in-memory connection: the
 * seed's cpp-ethereum Hello, a GetChain naming our genesis, one naming PoC-3's, then Disconnect.
 */
async function recordOn(genesis: Genesis, dir: string): Promise<string> {
  const file = path.join(dir, 'genesis.hex');
  writeFileSync(file, Buffer.from(genesis.rlp).toString('hex'));
  const config = { ...DEFAULT_NODE_CONFIG, clientId: 'pocnode/genesis-test', dial: false, genesis: file };
  const nodeId = new Uint8Array(64).fill(9);
  const clock = new SteppingClock();
  const recorder = createTraceRecorder({
    dir,
    header: traceHeaderFor({ config, nodeId, listenPort: 30303 }),
    now: () => clock.now(),
  });
  const core = await openNodeCore({
    store: new MemoryStore(),
    config,
    genesis,
    nodeId,
    listenPort: 30303,
    dial: () => Promise.reject(new Error('no dialing')),
    clock,
    now: () => clock.now(),
    observer: recorder.observer,
  });
  const [peer, ours] = createMemoryPair();
  let peerClosed = false;
  peer.start({ data: () => undefined, closed: () => (peerClosed = true) });
  core.accept(ours, 'inbound');
  const steps = [
    loadSeedHellos().cpp.frame,
    encodeMessageFrame({ command: 'GetChain', parents: [genesis.hash], count: 32 }),
    encodeMessageFrame({ command: 'GetChain', parents: [POC3_GENESIS.hash], count: 32 }),
    encodeMessageFrame({ command: 'Disconnect', reason: 8 }),
  ];
  for (const frame of steps) {
    peer.write(frame);
    for (let i = 0; i < 5; i++) await settle();
  }
  expect(peerClosed).toBe(true);
  await core.stop();
  await recorder.close();
  return recorder.path;
}

/** The same trace with its header written as before `chain` existed. */
function withoutChain(trace: Trace): Trace {
  const { chain: _chain, ...old } = trace.header;
  return { header: old, events: trace.events };
}

describe('a trace of a node on another genesis (--genesis)', () => {
  const tempDir = tempDirPerTest('pocnode-genesis-trace-');

  it('names that genesis in its header and replays identically on it', async () => {
    const genesis = otherGenesis();
    expect(genesis.hashHex).not.toBe(POC3_GENESIS_HASH_HEX);
    const file = await recordOn(genesis, tempDir());
    const trace = await readTrace(file);
    expect(trace.header.chain).toEqual({
      genesisHash: genesis.hashHex,
      genesisRlp: Buffer.from(genesis.rlp).toString('hex'),
    });
    // What the node wrote depends on its genesis: its own GetChain starts from it, and PoC-3's is unknown.
    const messages = sent(trace, 1).map((s) => s.message);
    const ours = messages.find((m) => m.command === 'GetChain');
    expect(ours?.command === 'GetChain' && ours.parents).toEqual([genesis.hash]);
    expect(messages).toContainEqual({ command: 'NotInChain', hash: POC3_GENESIS.hash });
    const replay = await replayTrace(file, { strictTime: true });
    expect(replay).toMatchObject({ identical: true, divergence: undefined, connections: 1 });
    expect(replay.compared).toBeGreaterThan(5);
  });

  it('diverges at the first GetChain when replayed on the default genesis instead', async () => {
    const file = await recordOn(otherGenesis(), tempDir());
    const result = await replayTrace(withoutChain(await readTrace(file)));
    expect(result.identical).toBe(false);
    expect(result.divergence).toMatchObject({ conn: 1 });
    expect(result.divergence?.text).toContain('GetChain');
  });
});

describe('a trace header written before it named a genesis', () => {
  it('still parses, and replays identically on the PoC-3 genesis', async () => {
    const lines = readFileSync(goldenPath('cpp-session'), 'utf8').split('\n');
    const header = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(header.chain).toMatchObject({ genesisHash: POC3_GENESIS_HASH_HEX });
    delete header.chain;
    const old = parseTrace([JSON.stringify(header), ...lines.slice(1)].join('\n'));
    expect(old.header.chain).toBeUndefined();
    const result = await replayTrace(old, { strictTime: true });
    expect(result).toMatchObject({ identical: true, divergence: undefined });
    // Every out/state/close of the real session, GetChain answers served from the PoC-3 chain included.
    expect(result.compared).toBeGreaterThan(20);
  });
});
