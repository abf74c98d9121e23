import { connect } from 'node:net';
import type { Socket } from 'node:net';

import type { Message } from '../../wire';
import { FrameDecoder, decodeMessage } from '../../wire';

/**
 * A remote peer on a real TCP socket, speaking raw frames: it opens with the bytes it is given (a real
 * Hello from the seed), records what the node sends, and closes when the node says Disconnect, as the
 * 2014 clients did.
 */
export class WirePeer {
  readonly received: Message[] = [];
  /** A frame from the node that our codec refused (the socket is closed then). */
  decodeError: unknown;
  /** Settles when the socket has closed, whoever closed it. */
  readonly closed: Promise<void>;
  private readonly decoder = new FrameDecoder();
  private readonly waiters: Array<{ command: Message['command']; resolve: (m: Message) => void }> = [];

  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      try {
        const { frames, error } = this.decoder.push(chunk);
        if (error !== undefined) throw error;
        for (const payload of frames ?? []) this.onMessage(decodeMessage(payload));
      } catch (err: unknown) {
        this.decodeError = err;
        socket.destroy();
      }
    });
  }

  static connect(port: number, firstBytes: Uint8Array): Promise<WirePeer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.off('error', reject);
        socket.write(firstBytes);
        resolve(new WirePeer(socket));
      });
      socket.once('error', reject);
    });
  }

  /** The local address the node sees as `remote`. */
  get localAddress(): string {
    return `${this.socket.localAddress ?? ''}:${this.socket.localPort ?? 0}`;
  }

  send(frame: Uint8Array): void {
    this.socket.write(frame);
  }

  /** The first message of this command from the node (already received or still to come). */
  next(command: Message['command']): Promise<Message> {
    const seen = this.received.find((m) => m.command === command);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ command, resolve }));
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onMessage(message: Message): void {
    this.received.push(message);
    for (const waiter of this.waiters.filter((w) => w.command === message.command)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
    if (message.command === 'Disconnect') this.socket.end();
  }
}
