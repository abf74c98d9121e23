import type { CloseInfo, Connection, ConnectionHandlers } from '../../transport/connection';
import { FrameDecoder, decodeMessage } from '../../wire';
import type { Message } from '../../wire';

/**
 * A test double for the remote end of a connection: the test pushes the peer's bytes in and reads
 * back exactly what the node wrote. Synchronous, so it runs on a simulated clock with no real I/O.
 */
export class ScriptedConnection implements Connection {
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 40112;
  readonly pendingBytes = 0;
  readonly written: Uint8Array[] = [];
  closedInfo: CloseInfo | undefined;
  private handlers: ConnectionHandlers | undefined;
  private readonly early: Uint8Array[] = [];

  start(handlers: ConnectionHandlers): void {
    this.handlers = handlers;
    for (const chunk of this.early.splice(0)) handlers.data(chunk);
  }

  write(bytes: Uint8Array): void {
    if (this.closedInfo) return;
    this.written.push(bytes.slice());
  }

  close(): void {
    this.finish({ by: 'local', error: undefined });
  }

  abort(): void {
    this.finish({ by: 'local', error: undefined });
  }

  /** The peer sends bytes. */
  deliver(bytes: Uint8Array): void {
    if (this.closedInfo) return;
    if (this.handlers) this.handlers.data(bytes);
    else this.early.push(bytes);
  }

  /** The peer closes its side. */
  remoteClose(): void {
    this.finish({ by: 'remote', error: undefined });
  }

  /** Everything the node wrote, decoded (the written chunks are re-framed as one stream). */
  writtenMessages(): Message[] {
    const decoder = new FrameDecoder();
    const out: Message[] = [];
    for (const chunk of this.written) {
      const batch = decoder.push(chunk);
      if (batch.error) throw batch.error;
      for (const f of batch.frames) out.push(decodeMessage(f));
    }
    return out;
  }

  /** The commands written, e.g. ['Hello', 'Pong', 'Disconnect']. */
  writtenCommands(): string[] {
    return this.writtenMessages().map((m) => m.command);
  }

  get isClosed(): boolean {
    return this.closedInfo !== undefined;
  }

  private finish(info: CloseInfo): void {
    if (this.closedInfo) return;
    this.closedInfo = info;
    this.handlers?.closed(info);
  }
}
