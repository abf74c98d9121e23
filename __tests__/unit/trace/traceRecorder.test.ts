import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SteppingClock } from '../../../actors/steppingClock';
import { DEFAULT_NODE_CONFIG } from '../../../actors/nodeConfig';
import {
  TraceErrorCode,
  createTraceRecorder,
  parseTrace,
  replayTrace,
  serializeTraceHeader,
  traceHeaderFor,
} from '../../../trace';
import type { TraceEvent } from '../../../trace';
import { playInputs, startTraceNode } from '../../../trace/traceRunner';
import { loadSeedHellos, loadSession, toHex } from '../../helpers/vectors';
import { tempDirPerTest } from '../../helpers/tempDir';

const HEADER = traceHeaderFor({
  config: { ...DEFAULT_NODE_CONFIG, clientId: 'pocnode/test' },
  nodeId: new Uint8Array(64).fill(0x42),
  listenPort: 30303,
});

const tempDir = tempDirPerTest('pocnode-recorder-');

const lines = (file: string): string[] => readFileSync(file, 'utf8').trimEnd().split('\n');

describe('createTraceRecorder', () => {
  it('names the file after the start time and the pid, in the given directory (made if missing)', async () => {
    const nested = path.join(tempDir(), 'traces', 'today');
    const recorder = createTraceRecorder({
      dir: nested,
      header: HEADER,
      now: () => 0,
      startedAt: new Date(Date.UTC(2014, 2, 3, 12, 30, 5, 7)),
      pid: 4242,
    });
    expect(recorder.path).toBe(path.join(nested, 'pocnode-2014-03-03T12-30-05.007Z-4242.jsonl'));
    await recorder.close();
    expect(readdirSync(nested)).toEqual(['pocnode-2014-03-03T12-30-05.007Z-4242.jsonl']);
    const byDefault = createTraceRecorder({ dir: tempDir(), header: HEADER, now: () => 0 });
    await byDefault.close();
    expect(path.basename(byDefault.path)).toMatch(
      new RegExp(`^pocnode-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z-${process.pid}\\.jsonl$`),
    );
  });

  it('records a live node on its clock: header, the bytes as they came, end; and it replays identically', async () => {
    const clock = new SteppingClock();
    const recorder = createTraceRecorder({ dir: tempDir(), header: HEADER, now: () => clock.now() });
    const node = await startTraceNode({ header: HEADER, observer: recorder.observer, clock });
    const hello = loadSeedHellos().cpp.frame;
    const ping = loadSession().find((f) => f.cmd === 'Ping')!.frame;
    // The Hello split in two chunks: both are recorded as they came.
    const inputs: TraceEvent[] = [
      { t: 0, conn: 1, ev: 'open', dir: 'in', remote: '127.0.0.1:40112' },
      { t: 7, conn: 1, ev: 'in', hex: toHex(hello.subarray(0, 50)) },
      { t: 9, conn: 1, ev: 'in', hex: toHex(hello.subarray(50)) + toHex(ping) },
    ];
    await playInputs(node, inputs, 120);
    await recorder.close();
    await node.teardown();

    const written = lines(recorder.path);
    expect(written[0]).toBe(serializeTraceHeader(HEADER));
    expect(written[written.length - 1]).toBe('{"t":120,"ev":"end"}');
    const trace = parseTrace(written.join('\n'));
    expect(trace.events.filter((e) => e.event.ev === 'in').map((e) => e.event)).toEqual(inputs.slice(1));
    expect(recorder.stats()).toEqual({ written: trace.events.length, dropped: 0 });
    expect(await replayTrace(recorder.path, { strictTime: true })).toMatchObject({ identical: true });
  });

  it('drops events past its queue bound with a counted marker instead of growing', async () => {
    const recorder = createTraceRecorder({
      dir: tempDir(),
      header: HEADER,
      now: () => 5,
      maxQueuedBytes: 1000,
    });
    const { observer } = recorder;
    observer.connectionOpened!(1, 'inbound', '127.0.0.1:40112');
    // A burst in one tick: the file has not taken the header yet, so the queue fills.
    for (let i = 0; i < 50; i++) observer.chunkIn!(1, new Uint8Array(60).fill(i));
    const { dropped } = recorder.stats();
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(50);
    await new Promise<void>((resolve) => setImmediate(resolve));
    observer.chunkIn!(1, Uint8Array.of(0xff));
    await recorder.close();

    const trace = parseTrace(readFileSync(recorder.path, 'utf8'), { allowDropped: true });
    const events = trace.events.map((e) => e.event);
    const kept = events.filter((e) => e.ev === 'in');
    expect(events.find((e) => e.ev === 'dropped')).toEqual({ t: 0, ev: 'dropped', count: dropped });
    expect(kept).toHaveLength(50 - dropped + 1);
    expect(kept[kept.length - 1]).toMatchObject({ hex: 'ff' });
    // The marker sits where the gap is: after the last chunk kept before it, before the one after.
    expect(events.map((e) => e.ev).slice(-3)).toEqual(['dropped', 'in', 'end']);
    expect(() => parseTrace(readFileSync(recorder.path, 'utf8'))).toThrow(
      expect.objectContaining({ code: TraceErrorCode.Incomplete }) as Error,
    );
  });

  it('never throws into the node when the file cannot be written; close reports it', async () => {
    const options = { dir: tempDir(), header: HEADER, now: () => 0, startedAt: new Date(0), pid: 1 };
    writeFileSync(path.join(tempDir(), 'pocnode-1970-01-01T00-00-00.000Z-1.jsonl'), 'someone else');
    const recorder = createTraceRecorder(options);
    expect(() => recorder.observer.connectionOpened!(1, 'inbound', '127.0.0.1:1')).not.toThrow();
    await expect(recorder.close()).rejects.toMatchObject({ code: TraceErrorCode.WriteFailed });
    expect(readFileSync(recorder.path, 'utf8')).toBe('someone else');
  });
});
