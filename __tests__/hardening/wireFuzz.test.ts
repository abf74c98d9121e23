import fc from 'fast-check';
import { checkStream, fuzzTargets, planRuns } from '../../tools/fuzz/fuzzTargets';
import { validFrameArb, realFrames } from '../../tools/fuzz/wireArbitraries';
import { DisconnectReason, MAX_FRAME_BYTES } from '../../wire';
import { loadSeedHellos } from '../helpers/vectors';
import { startMemoryNode } from './helpers/memoryNode';

/**
 * The fuzz targets of `npm run fuzz` (tools/fuzz/), each with a small share of inputs so `npm test` stays
 * fast; the script runs the same targets with more than a million. A failure prints fast-check's seed and
 * path: `node dist/tools/fuzz/fuzz.js --seed <seed> <target>` replays the target with that seed.
 */

const TOTAL_RUNS = 8000;
const targets = fuzzTargets();
const plan = planRuns(targets, TOTAL_RUNS);

describe('wire fuzz targets (a small run of npm run fuzz)', () => {
  it.each(targets.map((t, i) => [t.name, t, i] as const))(
    '%s: only WireErrors, bounds kept',
    (_name, t, i) => {
      // Targets that are expensive by design (maxRuns) get a fiftieth of their cap here.
      const runs = Math.min(plan[i]!, Math.ceil((t.maxRuns ?? Infinity) / 50));
      fc.assert(
        fc.property(t.arbitrary, (input) => t.check(input)),
        { numRuns: runs },
      );
    },
  );

  it("keeps its promises on the seed's two real Hellos with one byte changed, anywhere", () => {
    const { cpp, py } = loadSeedHellos();
    fc.assert(
      fc.property(
        fc.constantFrom(cpp.frame, py.frame),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (frame, at, xor, cuts) => {
          const mutated = frame.slice();
          const i = at % frame.length;
          mutated[i] = mutated[i]! ^ xor;
          checkStream(mutated, cuts, MAX_FRAME_BYTES);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('hostile bytes through a whole node', () => {
  it('never break the node: each hostile peer stays or is dropped with a reason, a bystander is served', async () => {
    const node = await startMemoryNode();
    const bystander = node.connect();
    bystander.hello();
    await node.settle();
    const corpus = realFrames();
    const mutatedFrame = fc
      .tuple(validFrameArb(corpus), fc.nat(), fc.integer({ min: 1, max: 255 }))
      .map(([f, at, xor]) => {
        const m = f.slice();
        const i = at % m.length;
        m[i] = m[i]! ^ xor;
        return m;
      });
    const session = fc.record({
      helloFirst: fc.boolean(),
      pieces: fc.array(fc.oneof(validFrameArb(corpus), mutatedFrame, fc.uint8Array({ maxLength: 64 })), {
        minLength: 1,
        maxLength: 5,
      }),
    });
    const reasons = new Map<number | undefined, number>();
    await fc.assert(
      fc.asyncProperty(session, async ({ helloFirst, pieces }) => {
        const peer = node.connect();
        if (helloFirst) peer.hello();
        for (const piece of pieces) peer.sendBytes(piece);
        await node.advance(100);
        expect(peer.decodeError).toBeUndefined();
        for (const reason of peer.disconnectReasons()) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        peer.connection.close();
        await node.settle();
        // The bystander's Ping is still answered at once.
        const pongs = bystander.received('Pong').length;
        bystander.send({ command: 'Ping' });
        await node.settle();
        expect(bystander.received('Pong')).toHaveLength(pongs + 1);
      }),
      { numRuns: 150 },
    );
    // Only the reasons the contract gives for what a hostile peer can do.
    const allowed = new Set<number | undefined>([
      DisconnectReason.BadProtocol,
      DisconnectReason.UselessPeer,
      DisconnectReason.IncompatibleNetworkProtocols,
      DisconnectReason.WrongGenesisBlock,
      DisconnectReason.AlreadyConnected,
    ]);
    expect([...reasons.keys()].filter((r) => !allowed.has(r))).toEqual([]);
    expect(reasons.get(DisconnectReason.BadProtocol)).toBeGreaterThan(0);
    expect(node.core.status().peers.map((p) => p.remote)).toEqual([bystander.remote]);
    await node.stop();
  });
});
