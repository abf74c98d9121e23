import { createWriteStream, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { NodeObserver } from '../actors/observer';
import { TraceError, TraceErrorCode } from './traceError';
import type { TraceEvent, TraceHeader } from './traceFormat';
import { serializeTraceEvent, serializeTraceHeader } from './traceFormat';
import { createTraceObserver } from './traceObserver';

/** Default bound on bytes waiting for the disk; past it events are dropped (and counted), never queued. */
export const TRACE_MAX_QUEUED_BYTES = 8 * 1024 * 1024;

export interface TraceRecorderOptions {
  readonly dir: string;
  readonly header: TraceHeader;
  /** Milliseconds on the node's clock (the clock its timers run on). */
  readonly now: () => number;
  readonly maxQueuedBytes?: number;
  /** The wall-clock moment in the file name (default: now). */
  readonly startedAt?: Date;
  readonly pid?: number;
}

export interface TraceRecorder {
  /** Give it to the node (combine with others via `combineObservers`). */
  readonly observer: NodeObserver;
  /** `DIR/pocnode-<ISO time>-<pid>.jsonl`. */
  readonly path: string;
  /** Call right before stopping the node, so the trace says when the shutdown began. */
  readonly nodeStopping: () => void;
  /** Lines written after the header (events and markers), and events dropped because the disk fell behind. */
  stats(): { readonly written: number; readonly dropped: number };
  /** Writes `{"ev":"end"}` and what is queued, then closes the file; rejects if the file could not be written. */
  close(): Promise<void>;
}

/**
 * Records one node run as a trace (CONTRACT.md §4, `--trace-dir`). The hooks only serialise and queue:
 * a write stream drains the queue in batches behind the node's back. The queue is bounded; if the disk
 * falls behind, events are dropped and a `{"ev":"dropped","count":N}` marker says where and how many,
 * rather than letting memory grow or the node wait (at most the bound queued plus one batch being written).
 * The file is created new (`wx`): an existing trace is never overwritten.
 */
export function createTraceRecorder(options: TraceRecorderOptions): TraceRecorder {
  const maxQueued = options.maxQueuedBytes ?? TRACE_MAX_QUEUED_BYTES;
  // Colons are not allowed in Windows file names: the ISO time's are written as dashes.
  const stamp = (options.startedAt ?? new Date()).toISOString().replace(/:/g, '-');
  const file = path.join(options.dir, `pocnode-${stamp}-${options.pid ?? process.pid}.jsonl`);
  mkdirSync(options.dir, { recursive: true });
  const stream = createWriteStream(file, { flags: 'wx' });

  let queue: string[] = [serializeTraceHeader(options.header) + '\n'];
  let queuedBytes = queue[0]!.length;
  let writing = false;
  let closed = false;
  let failure: TraceError | undefined;
  let written = 0;
  let dropped = 0;
  /** The drop in progress: its first event's t and how many went. */
  let dropping: { t: number; count: number } | undefined;
  let drained: (() => void) | undefined;
  let closing: Promise<void> | undefined;

  stream.on('error', (err: unknown) => {
    failure ??= new TraceError(TraceErrorCode.WriteFailed, `cannot write ${file}`, undefined, { cause: err });
    writing = false;
    queue = [];
    queuedBytes = 0;
    drained?.();
  });

  const pump = (): void => {
    if (writing || failure || queue.length === 0) {
      if (!writing && queue.length === 0) drained?.();
      return;
    }
    const batch = queue.join('');
    const lines = queue.length;
    queue = [];
    queuedBytes = 0;
    writing = true;
    stream.write(batch, (err) => {
      writing = false;
      if (err) return; // reported by the 'error' handler
      written += lines;
      pump();
    });
  };

  const enqueue = (line: string): boolean => {
    if (failure || queuedBytes + line.length > maxQueued) return false;
    queue.push(line);
    queuedBytes += line.length;
    return true;
  };

  const record = (event: TraceEvent): void => {
    if (closed) return;
    if (dropping) {
      const marker = serializeTraceEvent({ t: dropping.t, ev: 'dropped', count: dropping.count }) + '\n';
      const line = serializeTraceEvent(event) + '\n';
      // The marker goes first, so it sits where the gap is; both fit or the drop goes on.
      if (!failure && queuedBytes + marker.length + line.length <= maxQueued) {
        enqueue(marker);
        enqueue(line);
        dropping = undefined;
      } else {
        dropping.count++;
        dropped++;
      }
    } else if (!enqueue(serializeTraceEvent(event) + '\n')) {
      dropping = { t: event.t, count: 1 };
      dropped++;
    }
    pump();
  };

  const observer = createTraceObserver(record, {
    now: options.now,
    disconnectGraceMs: options.header.config.disconnectGraceMs,
  });
  const { nodeStopping, traceTime, ...hooks } = observer;
  // The header is queued before anything else happens.
  pump();

  const finish = async (): Promise<void> => {
    // `end` must reach the file even after a drop: the marker and it go past the bound if need be.
    if (dropping && !failure) {
      queue.push(serializeTraceEvent({ t: dropping.t, ev: 'dropped', count: dropping.count }) + '\n');
      dropping = undefined;
    }
    if (!failure) {
      queue.push(serializeTraceEvent({ t: traceTime(), ev: 'end' }) + '\n');
    }
    closed = true;
    await new Promise<void>((resolve) => {
      drained = resolve;
      pump();
    });
    drained = undefined;
    await new Promise<void>((resolve) => {
      if (stream.destroyed) resolve();
      else stream.end(() => resolve());
    });
    if (failure) throw failure;
  };

  return {
    observer: hooks,
    path: file,
    nodeStopping,
    stats: () => ({ written: Math.max(0, written - 1), dropped }),
    close: () => (closing ??= finish()),
  };
}
