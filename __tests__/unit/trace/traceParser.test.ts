import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TraceErrorCode, isTraceError, parseTrace, readTrace, serializeTraceEvent } from '../../../trace';
import type { TraceEvent } from '../../../trace';

const GOLDEN = path.resolve(__dirname, '../../traces/seed-hello-cpp.jsonl');
const goldenLines = (): string[] => readFileSync(GOLDEN, 'utf8').trimEnd().split('\n');
const header = (): string => goldenLines()[0]!;
const OPEN = '{"t":0,"conn":1,"ev":"open","dir":"in","remote":"127.0.0.1:40112"}';

function failure(text: string): { code: string; line: number | undefined } {
  try {
    parseTrace(text);
  } catch (err: unknown) {
    if (!isTraceError(err)) throw err;
    return { code: err.code, line: err.line };
  }
  throw new Error('parsed');
}

describe('parseTrace', () => {
  it('reads a recorded trace: header, then every event with its line', () => {
    const trace = parseTrace(readFileSync(GOLDEN, 'utf8'));
    expect(trace.header.pocnodeTrace).toBe(1);
    expect(trace.header.node.nodeId).toHaveLength(128);
    expect(trace.header.config.disconnectGraceMs).toBe(2000);
    expect(trace.events[0]).toEqual({
      line: 2,
      event: JSON.parse(OPEN.replace('40112', '40111')) as TraceEvent,
    });
    expect(trace.events.map((e) => e.line)).toEqual(
      goldenLines()
        .slice(1)
        .map((_, i) => i + 2),
    );
  });

  it('writes back each event exactly as it read it', () => {
    const lines = goldenLines();
    const trace = parseTrace(lines.join('\n'));
    expect(trace.events.map((e) => serializeTraceEvent(e.event))).toEqual(lines.slice(1));
  });

  it('keeps state values as XState gives them, nested or not', () => {
    const trace = parseTrace(
      [
        header(),
        OPEN,
        '{"t":0,"conn":1,"ev":"state","value":{"awaitingHello":"waitingForHello"}}',
        '{"t":1,"conn":1,"ev":"state","value":"closed"}',
      ].join('\n'),
    );
    expect(trace.events.map((e) => e.event.ev === 'state' && e.event.value)).toEqual([
      false,
      { awaitingHello: 'waitingForHello' },
      'closed',
    ]);
  });

  it.each([
    ['an empty file', '', TraceErrorCode.BadHeader, 1],
    [
      'a header of another format version',
      '{"pocnodeTrace":2,"node":{},"config":{}}',
      TraceErrorCode.BadHeader,
      1,
    ],
    ['a header without config', '{"pocnodeTrace":1,"node":{}}', TraceErrorCode.BadHeader, 1],
    ['a line that is not JSON', `${'H'}\n${OPEN}\n{"t":1,`, TraceErrorCode.BadJson, 3],
    ['a JSON array for an event', `${'H'}\n[1,2]`, TraceErrorCode.BadJson, 2],
    ['an unknown event', `${'H'}\n${OPEN}\n{"t":1,"conn":1,"ev":"wink"}`, TraceErrorCode.UnknownEvent, 3],
    [
      'time going backwards',
      `${'H'}\n${OPEN.replace('"t":0', '"t":5')}\n{"t":4,"conn":1,"ev":"in","hex":"00"}`,
      TraceErrorCode.TimeBackwards,
      3,
    ],
    ['odd hex', `${'H'}\n${OPEN}\n{"t":1,"conn":1,"ev":"in","hex":"abc"}`, TraceErrorCode.BadEvent, 3],
    [
      'an event before its connection opened',
      `${'H'}\n{"t":1,"conn":2,"ev":"out","hex":"00"}`,
      TraceErrorCode.UnknownConnection,
      2,
    ],
    ['a connection opened twice', `${'H'}\n${OPEN}\n${OPEN}`, TraceErrorCode.UnknownConnection, 3],
    [
      'a close by nobody',
      `${'H'}\n${OPEN}\n{"t":1,"conn":1,"ev":"close","by":"moon"}`,
      TraceErrorCode.BadEvent,
      3,
    ],
    [
      'a remote without a port',
      `${'H'}\n${OPEN.replace('127.0.0.1:40112', 'somewhere')}`,
      TraceErrorCode.BadEvent,
      2,
    ],
    [
      'an event after the end',
      `${'H'}\n{"t":1,"ev":"end"}\n${OPEN.replace('"t":0', '"t":2')}`,
      TraceErrorCode.BadEvent,
      3,
    ],
    ['a blank line in the middle', `${'H'}\n\n${OPEN}`, TraceErrorCode.BadJson, 2],
    ['a dropped marker', `${'H'}\n${OPEN}\n{"t":3,"ev":"dropped","count":7}`, TraceErrorCode.Incomplete, 3],
  ])('refuses %s, naming the line', (_, text, code, line) => {
    expect(failure(text.replace(/^H$/m, header()))).toEqual({ code, line });
  });

  it('reads a trace with dropped events when asked to, for tools that only look', () => {
    const trace = parseTrace(`${header()}\n${OPEN}\n{"t":3,"ev":"dropped","count":7}`, {
      allowDropped: true,
    });
    expect(trace.events[1]!.event).toEqual({ t: 3, ev: 'dropped', count: 7 });
  });

  it('a missing file is TRACE_UNREADABLE', async () => {
    await expect(readTrace(path.join(__dirname, 'no-such-trace.jsonl'))).rejects.toMatchObject({
      code: TraceErrorCode.Unreadable,
    });
  });
});
