import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTrace } from '../../trace';
import type { ConnectionEvent, Trace } from '../../trace';
import { FrameDecoder, decodeMessage } from '../../wire';
import type { Message } from '../../wire';

/** The golden traces beside this file (re-recorded by `npm run traces:record`). */
export const GOLDEN_DIR = __dirname;

export const goldenFiles = (): string[] =>
  readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();

export const goldenPath = (name: string): string => path.join(GOLDEN_DIR, `${name}.jsonl`);

export function loadGolden(name: string): Trace {
  return parseTrace(readFileSync(goldenPath(name), 'utf8'));
}

/** A connection's events of one kind, in order. */
export function eventsOf<K extends ConnectionEvent['ev']>(
  trace: Trace,
  conn: number,
  kind: K,
): Array<Extract<ConnectionEvent, { ev: K }>> {
  return trace.events
    .map((e) => e.event)
    .filter((e): e is Extract<ConnectionEvent, { ev: K }> => 'conn' in e && e.conn === conn && e.ev === kind);
}

/** What the node wrote on a connection, decoded (each `out` is one frame), with its time. */
export function sent(trace: Trace, conn: number): Array<{ t: number; message: Message }> {
  return eventsOf(trace, conn, 'out').map((e) => {
    const batch = new FrameDecoder().push(Buffer.from(e.hex, 'hex'));
    if (batch.error || batch.frames.length !== 1) throw new Error(`out at t=${e.t} is not one frame`);
    return { t: e.t, message: decodeMessage(batch.frames[0]!) };
  });
}

/** Everything the peer sent on a connection, as one byte string. */
export function received(trace: Trace, conn: number): Buffer {
  return Buffer.concat(eventsOf(trace, conn, 'in').map((e) => Buffer.from(e.hex, 'hex')));
}

/** What the peer sent on a connection, decoded as one stream (frames may span chunks). */
export function receivedMessages(trace: Trace, conn: number): Message[] {
  const batch = new FrameDecoder().push(received(trace, conn));
  if (batch.error) throw batch.error;
  return batch.frames.map((f) => decodeMessage(f));
}
