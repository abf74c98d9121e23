import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { HelloMessage, Message } from '../../wire';
import { FrameDecoder, decodeMessage, encodeMessageFrame, helloMessage } from '../../wire';

/** Thrown when a wait is over before the node did what was expected. */
export class ClientTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: nothing within ${ms} ms`);
    this.name = 'ClientTimeout';
  }
}

/**
 * A raw PoC-protocol peer over TCP for the reliability scripts: it sends what the script says, answers
 * Ping with Pong (as every 2014 client did), records what the node sent, and never crashes on what it reads.
 */
export class WireClient {
  readonly messages: Message[] = [];
  readonly nodeId: Uint8Array;
  closed = false;
  private readonly decoder = new FrameDecoder();
  private waiters: Array<() => void> = [];
  readonly done: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    nodeId: Uint8Array,
  ) {
    this.nodeId = nodeId;
    socket.setNoDelay(true);
    this.done = new Promise((resolve) => {
      socket.on('close', () => {
        this.closed = true;
        this.wake();
        resolve();
      });
    });
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      const batch = this.decoder.push(chunk);
      for (const payload of batch.frames) {
        try {
          const m = decodeMessage(payload);
          this.messages.push(m);
          if (m.command === 'Ping') this.send({ command: 'Pong' });
        } catch {
          socket.destroy();
          return;
        }
      }
      if (batch.error) socket.destroy();
      this.wake();
    });
  }

  /** Connects (from `localAddress` when given); rejects when refused or not connected within `timeoutMs`. */
  static connect(host: string, port: number, timeoutMs = 5000, localAddress?: string): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, ...(localAddress !== undefined && { localAddress }) });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ClientTimeout(`connect ${host}:${port}`, timeoutMs));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new WireClient(socket, randomBytes(64)));
      });
    });
  }

  hello(over: Partial<HelloMessage> = {}): void {
    this.send(helloMessage(this.nodeId, { clientId: 'pocnode-reliability/0', ...over }));
  }

  send(message: Message): void {
    this.sendBytes(encodeMessageFrame(message));
  }

  sendBytes(bytes: Uint8Array): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** Bytes written and not yet taken by the kernel (a node that stops reading makes this grow). */
  get unflushedBytes(): number {
    return this.socket.writableLength;
  }

  /** Stops reading what the node sends (it will meet our TCP window, then its own write bound). */
  pauseReading(): void {
    this.socket.pause();
  }

  close(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Resolves with the first message (from `from` on) that matches, or rejects after `timeoutMs`. */
  async waitFor(
    match: (m: Message) => boolean,
    timeoutMs: number,
    what = 'message',
    from = 0,
  ): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      if (this.closed) throw new ClientTimeout(`${what} (connection closed)`, timeoutMs);
      const left = deadline - Date.now();
      if (left <= 0) throw new ClientTimeout(what, timeoutMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves when the node has closed the connection, or rejects after `timeoutMs`. */
  async waitClosed(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.done,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new ClientTimeout('close', timeoutMs)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
