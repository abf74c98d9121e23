import { randomBytes } from 'node:crypto';
import type { Connection } from '../../transport/connection';
import { encodeMessageFrame, fieldlessMessage, FrameDecoder, helloMessage } from '../../wire';
import type { HelloMessage } from '../../wire';

const PONG_FRAME = encodeMessageFrame({ command: 'Pong' });

function isPongFrame(chunk: Uint8Array): boolean {
  if (chunk.length !== PONG_FRAME.length) return false;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] !== PONG_FRAME[i]) return false;
  return true;
}

/** A Hello as a remote peer would send it, with a fresh node id. */
export function remoteHello(clientId = 'pocnode-bench'): HelloMessage {
  return helloMessage(randomBytes(64), { clientId });
}

/** `count` Ping frames back to back: one chunk, as a peer pipelining pings would write it. */
export function pingChunk(count: number): Uint8Array {
  const one = encodeMessageFrame({ command: 'Ping' });
  const out = new Uint8Array(one.length * count);
  for (let i = 0; i < count; i++) out.set(one, i * one.length);
  return out;
}

/**
 * The remote end of one connection in the in-process benchmarks: says Hello, waits until the node admits
 * it (the node's GetPeers follows admission), then pipelines pings and counts the Pongs that come back.
 * Frames are recognised by their one-byte command list, with no decoding beyond the frame header.
 */
export class PeerDriver {
  private readonly decoder = new FrameDecoder();
  private admitted = false;
  private onAdmitted: (() => void) | undefined;
  private pongs = 0;
  private pongTarget = 0;
  private onPongs: (() => void) | undefined;
  private refill: (() => void) | undefined;
  private closed = false;

  constructor(private readonly connection: Connection) {
    connection.start({
      data: (chunk) => {
        // The remote end's own cost counts against the node in this process: a chunk that is exactly one
        // Pong frame (the node writes each message on its own) is recognised without a frame decoder.
        if (this.admitted && this.decoder.bufferedBytes === 0 && isPongFrame(chunk)) {
          if (++this.pongs === this.pongTarget) this.onPongs?.();
          else this.refill?.();
          return;
        }
        for (const p of this.decoder.push(chunk).frames) {
          const command = fieldlessMessage(p)?.command;
          if (command === 'Pong') {
            if (++this.pongs === this.pongTarget) this.onPongs?.();
            else this.refill?.();
          } else if (command === 'GetPeers' && !this.admitted) {
            this.admitted = true;
            this.onAdmitted?.();
          }
        }
      },
      closed: () => {
        this.closed = true;
        this.onAdmitted?.();
        this.onPongs?.();
      },
    });
  }

  /** Sends our Hello; resolves once the node has admitted us. */
  handshake(hello: HelloMessage = remoteHello()): Promise<void> {
    this.connection.write(encodeMessageFrame(hello));
    return new Promise<void>((resolve, reject) => {
      this.onAdmitted = () => (this.closed ? reject(new Error('closed before admission')) : resolve());
      if (this.admitted) resolve();
    });
  }

  /**
   * Writes `chunks` chunks (each `chunk` of `pingsPerChunk` pings), keeping at most `window` of them
   * unanswered, and resolves with the number of pings once every Pong is back.
   */
  pingPong(chunk: Uint8Array, pingsPerChunk: number, chunks: number, window: number): Promise<number> {
    const total = pingsPerChunk * chunks;
    const base = this.pongs;
    this.pongTarget = base + total;
    let sent = 0;
    return new Promise<number>((resolve, reject) => {
      this.refill = () => {
        const answered = this.pongs - base;
        if (answered % pingsPerChunk !== 0) return;
        while (sent < chunks && sent - answered / pingsPerChunk < window) {
          this.connection.write(chunk);
          sent++;
        }
      };
      this.onPongs = () => (this.closed ? reject(new Error('closed during ping-pong')) : resolve(total));
      this.refill();
    });
  }
}
