import type { CloseInfo, Connection, ConnectionHandlers } from '../transport/connection';

/**
 * The transport end of one replayed connection: replay pushes the recorded chunks in and closes it when
 * the trace says the peer did. Synchronous, like a socket on a simulated clock; the node's writes are
 * seen through the observer (`chunkOut`), the same way the recorder saw them.
 */
export class ReplayConnection implements Connection {
  readonly pendingBytes = 0;
  private handlers: ConnectionHandlers | undefined;
  private readonly early: Uint8Array[] = [];
  private closedInfo: CloseInfo | undefined;

  constructor(
    readonly remoteAddress: string,
    readonly remotePort: number,
    /** Called when the node starts reading this connection (it has attached its handlers). */
    private readonly onStart?: () => void,
  ) {}

  get isClosed(): boolean {
    return this.closedInfo !== undefined;
  }

  start(handlers: ConnectionHandlers): void {
    this.handlers = handlers;
    this.onStart?.();
    for (const chunk of this.early.splice(0)) handlers.data(chunk);
  }

  write(): void {
    // What the node writes reaches the trace through the observer; nothing to hold here.
  }

  close(): void {
    this.finish({ by: 'local', error: undefined });
  }

  abort(): void {
    this.finish({ by: 'local', error: undefined });
  }

  /** The peer's bytes, as recorded; ignored once closed, as a socket would. */
  deliver(chunk: Uint8Array): void {
    if (this.closedInfo) return;
    if (this.handlers) this.handlers.data(chunk);
    else this.early.push(chunk);
  }

  /** The peer closed its side. */
  remoteClose(): void {
    this.finish({ by: 'remote', error: undefined });
  }

  private finish(info: CloseInfo): void {
    if (this.closedInfo) return;
    this.closedInfo = info;
    this.handlers?.closed(info);
  }
}
