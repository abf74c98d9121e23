import type { CloseInfo, ConnectionHandlers } from './connection';

/** Runs a callback later: `queueMicrotask` for sockets, a simulated clock's scheduler in the simulator. */
export type Schedule = (fn: () => void) => void;

/** Optional flow control of the bytes held before `start`. */
export interface GateWatermark {
  /** Bytes held before `onFull` is called (once, until the gate drains). */
  readonly bytes: number;
  /** Stop reading from the source (e.g. pause the socket). */
  readonly onFull: () => void;
  /** The held bytes were handed over: reading may resume. */
  readonly onDrained: () => void;
}

/**
 * The inbound half every transport shares: holds `data` and `closed` until `start`, then hands them over in
 * order, and keeps the `Connection` promises — `closed` exactly once, no `data` after it, nothing after
 * `stop`. Handlers are never called from inside `start`: the held events are flushed from `schedule`, so
 * a caller can finish setting up before its first callback.
 */
export class InboundGate {
  private handlers: ConnectionHandlers | undefined;
  /** Events held before `start` (made by the first; most connections hold none once started). */
  private held: Uint8Array[] | undefined;
  private heldHead = 0;
  private heldBytes = 0;
  private closeInfo: CloseInfo | undefined;
  /** `start` was called and the held events are not all handed over yet. */
  private flushing = false;
  private stopped = false;
  private closedDelivered = false;
  private full = false;

  constructor(
    private readonly schedule: Schedule,
    private readonly watermark?: GateWatermark,
  ) {}

  /** Bytes received and not yet handed to a `data` handler. */
  get queuedBytes(): number {
    return this.heldBytes;
  }

  get started(): boolean {
    return this.handlers !== undefined;
  }

  /** True once `closed` was reported or is held for delivery. */
  get closing(): boolean {
    return this.closeInfo !== undefined || this.closedDelivered;
  }

  /** Attaches the handlers; a second call is ignored (the first handlers keep the stream). */
  start(handlers: ConnectionHandlers): void {
    if (this.handlers) return;
    this.handlers = handlers;
    this.flushing = true;
    this.schedule(() => this.flush());
  }

  data(chunk: Uint8Array): void {
    if (this.stopped || this.closing || chunk.length === 0) return;
    if (this.handlers && !this.flushing) {
      this.handlers.data(chunk);
      return;
    }
    (this.held ??= []).push(chunk);
    this.heldBytes += chunk.length;
    if (this.watermark && !this.full && this.heldBytes >= this.watermark.bytes) {
      this.full = true;
      this.watermark.onFull();
    }
  }

  /** Reports the end; later calls are ignored, and so is any data after it. */
  closed(info: CloseInfo): void {
    if (this.closing) return;
    if (this.handlers && !this.flushing) {
      this.closedDelivered = true;
      this.handlers.closed(info);
      return;
    }
    this.closeInfo = info;
  }

  /** A local abort: held data is dropped and no more is taken; only `closed` is still reported. */
  stop(): void {
    this.stopped = true;
    this.held = undefined;
    this.heldHead = 0;
    this.heldBytes = 0;
  }

  private flush(): void {
    const handlers = this.handlers;
    if (!handlers) return;
    // A handler may stop the gate or add to `held` (re-entrantly); the loop sees both.
    while (!this.stopped && this.held !== undefined && this.heldHead < this.held.length) {
      const chunk = this.held[this.heldHead];
      this.heldHead += 1;
      if (chunk === undefined) break;
      this.heldBytes -= chunk.length;
      handlers.data(chunk);
    }
    this.held = undefined;
    this.heldHead = 0;
    this.flushing = false;
    if (this.full && this.watermark) {
      this.full = false;
      this.watermark.onDrained();
    }
    const info = this.closeInfo;
    if (info && !this.closedDelivered) {
      this.closedDelivered = true;
      handlers.closed(info);
    }
  }
}
