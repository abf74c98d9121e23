import { RLP } from '@ethereumjs/rlp';
import {
  decodeMessage,
  decodeRlp,
  encodeMessageFrame,
  encodeRlp,
  FrameDecoder,
  messageToRlp,
} from '../../wire';
import { buildCodecMix } from './codecMix';
import { compareRates } from './measure';
import type { Rate, Workload } from './measure';
import type { RlpItem } from '../../wire';
import type { Benchmark, BenchResult } from './types';

/** Issue 3's goal: the typed codec keeps at least 80% of raw RLP's throughput. */
const GOAL_RATIO = 0.8;
const MB = 1e6;

/** The frames/s row of a comparison, and its MB/s row unless `framesOnly`. */
function rows(
  name: string,
  r: { ours: Rate; baseline: Rate },
  goal?: number,
  framesOnly = false,
): BenchResult[] {
  const ratio = r.ours.unitsPerSecond / r.baseline.unitsPerSecond;
  const out: BenchResult[] = [
    {
      name,
      value: r.ours.unitsPerSecond,
      unit: 'frames/s',
      baseline: r.baseline.unitsPerSecond,
      ratio,
      goal,
    },
  ];
  if (!framesOnly) {
    const [value, baseline] = [r.ours.bytesPerSecond / MB, r.baseline.bytesPerSecond / MB];
    out.push({ name: `${name}.bytes`, value, unit: 'MB/s', baseline, ratio: value / baseline, goal });
  }
  return out;
}

/**
 * Runs on the same payloads with the codec's own RLP only (no framing, no typed messages): the
 * `.typed` rows show what framing and typing cost on top of it, since wire/ no longer runs on
 * @ethereumjs/rlp and the main ratios also measure the RLP engines against each other.
 */
function ownRlpWorkloads(
  payloads: readonly Uint8Array[],
  nested: readonly RlpItem[],
  units: number,
  bytes: number,
) {
  const decode: Workload = {
    units,
    bytes,
    run: () => {
      let acc = 0;
      for (const p of payloads) acc += (decodeRlp(p) as unknown[]).length;
      return acc;
    },
  };
  const encode: Workload = {
    units,
    bytes,
    run: () => {
      let acc = 0;
      for (const n of nested) acc += encodeRlp(n).length;
      return acc;
    },
  };
  return { decode, encode };
}

/**
 * Decode: FrameDecoder + decodeMessage over the mix as one received chunk, against @ethereumjs/rlp's
 * RLP.decode of the same payloads. Encode: encodeMessageFrame of the typed messages, against RLP.encode
 * of the same structures prebuilt as nested arrays. Bytes are frame bytes (header included) for both.
 */
export const codecBenchmark: Benchmark = {
  name: 'codec',
  description: 'wire codec decode/encode vs raw @ethereumjs/rlp on a mix of real frames',
  run(options) {
    const { messages, frames } = buildCodecMix();
    // Both sides read plain Uint8Arrays (the FrameDecoder views a socket's Buffer as one anyway).
    const stream = Uint8Array.from(Buffer.concat(frames));
    const payloads = frames.map((f) => f.slice(8));
    const nested = messages.map(messageToRlp);
    const bytes = stream.length;
    const units = frames.length;

    const decodeOurs: Workload = {
      units,
      bytes,
      run: () => {
        const batch = new FrameDecoder().push(stream);
        let acc = 0;
        for (const p of batch.frames) acc += decodeMessage(p).command.length;
        return acc;
      },
    };
    const decodeRaw: Workload = {
      units,
      bytes,
      run: () => {
        let acc = 0;
        for (const p of payloads) acc += (RLP.decode(p) as unknown[]).length;
        return acc;
      },
    };
    const encodeOurs: Workload = {
      units,
      bytes,
      run: () => {
        let acc = 0;
        for (const m of messages) acc += encodeMessageFrame(m).length;
        return acc;
      },
    };
    const encodeRaw: Workload = {
      units,
      bytes,
      run: () => {
        let acc = 0;
        for (const n of nested) acc += RLP.encode(n).length;
        return acc;
      },
    };

    const own = ownRlpWorkloads(payloads, nested, units, bytes);
    return Promise.resolve([
      ...rows('codec.decode', compareRates(decodeOurs, decodeRaw, options), GOAL_RATIO),
      ...rows('codec.encode', compareRates(encodeOurs, encodeRaw, options), GOAL_RATIO),
      ...rows('codec.decode.typed', compareRates(decodeOurs, own.decode, options), undefined, true),
      ...rows('codec.encode.typed', compareRates(encodeOurs, own.encode, options), undefined, true),
    ]);
  },
};
