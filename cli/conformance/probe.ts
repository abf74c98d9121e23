import { performance } from 'node:perf_hooks';
import type { Connection } from '../../transport/connection';
import { dialTcp } from '../../transport/tcp';
import type { CommandName, Message, MessageOf } from '../../wire';
import {
  FrameDecoder,
  decodeMessage,
  describeDisconnectReason,
  encodeMessageFrame,
  isWireError,
} from '../../wire';
import { ConformanceError, ConformanceErrorCode } from './conformanceError';
import type { ConformanceTarget } from './parseTarget';

/** One message the target sent, with its payload as received and when it came. */
export interface Received<M extends Message = Message> {
  readonly message: M;
  readonly payload: Uint8Array;
  readonly atMs: number;
}

function failure(code: ConformanceErrorCode, expected: string, got: string): ConformanceError {
  return new ConformanceError(code, `expected ${expected}, got ${got}`);
}

export function now(): number {
  return performance.now();
}

/** One turn of the event loop: enough for a write to leave as its own segment (no Nagle), without a timer. */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `Disconnect(Bad protocol)`, `Ping`, … for failure messages. */
export function describeMessage(m: Message): string {
  return m.command === 'Disconnect' ? `Disconnect(${describeDisconnectReason(m.reason)})` : m.command;
}

export interface PieceOptions {
  readonly pauseMs: number;
  readonly maxSpreadMs: number;
  /** The pieces make up our Hello (Pong may follow it). */
  readonly isHello?: boolean;
}

/**
 * One connection to the target, seen from a peer that speaks the wire codec. It records every message
 * with its arrival time and offers bounded waits; it never assumes anything about the target's internals.
 * After our Hello it answers the target's Ping with Pong (any peer would), unless `autoPong` is off.
 */
export class Probe {
  readonly received: Received[] = [];
  /** When the TCP connection was established. */
  readonly openedAtMs: number;
  /** When the target closed the connection (undefined while open, or when we closed it). */
  closedAtMs: number | undefined;
  /** Set when the target sent bytes that are not a valid frame; nothing after them is read. */
  targetError: string | undefined;
  autoPong = true;
  private helloSent = false;
  private abandoned = false;
  private readonly decoder = new FrameDecoder();
  private readonly taken = new Set<Received>();
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly connection: Connection) {
    this.openedAtMs = now();
    connection.start({
      data: (chunk) => this.onData(chunk),
      closed: (info) => {
        if (info.by === 'remote') this.closedAtMs = now();
        this.notify();
      },
    });
  }

  static async dial(target: ConformanceTarget, dialMs: number): Promise<Probe> {
    try {
      return new Probe(await dialTcp({ host: target.host, port: target.port, timeoutMs: dialMs }));
    } catch (err: unknown) {
      const why = err instanceof Error ? err.message : String(err);
      throw new ConformanceError(ConformanceErrorCode.Dial, `expected a connection, got ${why}`);
    }
  }

  /** True once either side ended the connection. */
  get isClosed(): boolean {
    return this.closedAtMs !== undefined || this.abandoned;
  }

  send(message: Message): void {
    this.sendRaw(encodeMessageFrame(message), message.command === 'Hello');
  }

  /** Writes bytes as they are; `isHello` tells the probe that our Hello is now out (Pong may follow). */
  sendRaw(bytes: Uint8Array, isHello = false): void {
    if (isHello) this.helloSent = true;
    this.connection.write(bytes);
  }

  /**
   * Writes `bytes` in pieces cut at `cuts` (sorted offsets), one write each, pausing `pauseMs` between them
   * (0: one turn of the event loop) so that each tends to leave and arrive as its own segment. Past
   * `maxSpreadMs` the pauses stop (the writes stay separate): on a loaded machine the pieces must still
   * arrive before the target's timers run out.
   */
  async sendPieces(bytes: Uint8Array, cuts: readonly number[], options: PieceOptions): Promise<void> {
    if (options.isHello) this.helloSent = true;
    const started = now();
    let from = 0;
    for (const to of [...cuts.filter((c) => c > 0 && c < bytes.length), bytes.length]) {
      if (this.isClosed) return;
      this.connection.write(bytes.subarray(from, to));
      from = to;
      if (to === bytes.length || now() - started > options.maxSpreadMs) continue;
      await (options.pauseMs > 0 ? delay(options.pauseMs) : yieldToLoop());
    }
  }

  /** What came so far, for failure messages: `only Hello, Ping` or `nothing`. */
  summary(): string {
    if (this.received.length === 0) return 'nothing';
    return `only ${this.received.map((r) => describeMessage(r.message)).join(', ')}`;
  }

  /**
   * The first not yet taken message with this command, waiting up to `timeoutMs`. Fails early when a
   * Disconnect (awaiting something else), an invalid frame or the close makes it impossible. `label` names
   * what was expected in the failure message.
   */
  waitFor<C extends CommandName>(
    command: C,
    timeoutMs: number,
    label: string = command,
  ): Promise<Received<MessageOf<C>>> {
    return this.waitForAny([command], timeoutMs, label) as Promise<Received<MessageOf<C>>>;
  }

  /** Like `waitFor`, for the first message with any of the commands. */
  waitForAny(commands: readonly CommandName[], timeoutMs: number, label: string): Promise<Received> {
    const awaitingDisconnect = commands.includes('Disconnect');
    return this.waitUntil(
      () => {
        const found = this.received.find((r) => commands.includes(r.message.command) && !this.taken.has(r));
        if (found) {
          this.taken.add(found);
          return found;
        }
        if (!awaitingDisconnect) {
          const d = this.received.find((r) => r.message.command === 'Disconnect');
          if (d) throw failure(ConformanceErrorCode.Expectation, label, describeMessage(d.message));
        }
        this.failIfGone(label, awaitingDisconnect ? 'the connection closed without a Disconnect' : undefined);
        return undefined;
      },
      timeoutMs,
      () => failure(ConformanceErrorCode.Timeout, `${label} within ${timeoutMs} ms`, this.summary()),
    );
  }

  /** Waits for the target's Disconnect and checks its reason code. */
  async expectDisconnect(reason: number, timeoutMs: number): Promise<Received<MessageOf<'Disconnect'>>> {
    const wanted = `Disconnect(${describeDisconnectReason(reason)})`;
    const d = await this.waitFor('Disconnect', timeoutMs, wanted);
    if (d.message.reason !== reason) {
      throw failure(ConformanceErrorCode.Expectation, wanted, describeMessage(d.message));
    }
    return d;
  }

  /** Resolves with the time the target closed the connection; fails if it is still open after `timeoutMs`. */
  waitClosed(timeoutMs: number): Promise<number> {
    return this.waitUntil(
      () => {
        if (this.abandoned)
          throw failure(ConformanceErrorCode.Closed, 'the target to close', 'the case ended');
        return this.closedAtMs;
      },
      timeoutMs,
      () =>
        failure(
          ConformanceErrorCode.Timeout,
          `the connection closed within ${timeoutMs} ms`,
          'it still open',
        ),
    );
  }

  /** Waits `ms` during which the target must neither send Disconnect nor close. */
  async staysOpen(ms: number): Promise<void> {
    const what = 'the connection to stay up';
    await this.waitUntil<never, undefined>(
      () => {
        const d = this.received.find((r) => r.message.command === 'Disconnect');
        if (d) throw failure(ConformanceErrorCode.Expectation, what, describeMessage(d.message));
        this.failIfGone(what);
        return undefined;
      },
      ms,
      () => undefined,
    );
  }

  /** Aborts the connection (idempotent); pending waits fail at once. */
  close(): void {
    this.abandoned = true;
    this.connection.abort();
    this.notify();
  }

  private failIfGone(what: string, closedText = 'the connection closed'): void {
    if (this.targetError !== undefined)
      throw failure(ConformanceErrorCode.TargetWire, what, this.targetError);
    if (this.closedAtMs !== undefined) throw failure(ConformanceErrorCode.Closed, what, closedText);
    if (this.abandoned) throw failure(ConformanceErrorCode.Closed, what, 'the case ended');
  }

  /**
   * Resolves with `check`'s first defined value; `check` runs now and after every event and may throw to
   * fail. At `timeoutMs`, `onTimeout`'s error rejects (or its undefined resolves).
   */
  private waitUntil<T, U extends ConformanceError | undefined>(
    check: () => T | undefined,
    timeoutMs: number,
    onTimeout: () => U,
  ): Promise<U extends ConformanceError ? T : T | undefined> {
    type Result = U extends ConformanceError ? T : T | undefined;
    return new Promise<Result>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.listeners.delete(evaluate);
      };
      const evaluate = (): void => {
        let value: T | undefined;
        try {
          value = check();
        } catch (err: unknown) {
          finish();
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (value !== undefined) {
          finish();
          resolve(value as Result);
        }
      };
      const timer = setTimeout(() => {
        finish();
        const err = onTimeout();
        if (err) reject(err);
        else resolve(undefined as Result);
      }, timeoutMs);
      this.listeners.add(evaluate);
      evaluate();
    });
  }

  private onData(chunk: Uint8Array): void {
    if (this.targetError !== undefined) return;
    const batch = this.decoder.push(chunk);
    const at = now();
    for (const payload of batch.frames) {
      try {
        const message = decodeMessage(payload);
        this.received.push({ message, payload: payload.slice(), atMs: at });
        if (message.command === 'Ping' && this.helloSent && this.autoPong && !this.abandoned) {
          this.connection.write(encodeMessageFrame({ command: 'Pong' }));
        }
      } catch (err: unknown) {
        this.targetError = isWireError(err) ? `an invalid frame (${err.code})` : 'an undecodable frame';
        break;
      }
    }
    if (batch.error && this.targetError === undefined)
      this.targetError = `an invalid frame (${batch.error.code})`;
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
