import { secp256k1 } from '@noble/curves/secp256k1';
import { keccak_256 } from '@noble/hashes/sha3';
import type { CloseInfo, Connection } from '../../transport/connection';
import type { CommandName, HelloMessage, Message, MessageOf } from '../../wire';
import { FrameDecoder, decodeMessage, encodeMessageFrame, helloMessage } from '../../wire';

/** A deterministic secp256k1 identity: private key = Keccak-256 of the label, node id = its 64-byte public key. */
export function testKey(label: string): { readonly privateKey: Uint8Array; readonly nodeId: Uint8Array } {
  const privateKey = keccak_256(Buffer.from(`pocnode test ${label}`, 'utf8'));
  return { privateKey, nodeId: secp256k1.getPublicKey(privateKey, false).slice(1) };
}

export const testNodeId = (label: string): Uint8Array => testKey(label).nodeId;

export interface TestClientOptions {
  readonly label?: string;
  readonly nodeId?: Uint8Array;
  /** 0 (default) = not listening, so registries do not record the client. */
  readonly listenPort?: number;
  readonly networkId?: number;
  /** Close our side when the node sends Disconnect, as the 2014 clients did (default true). */
  readonly closeOnDisconnect?: boolean;
}

/**
 * A raw protocol client on any `Connection` (memory or TCP): sends what the test says, records every frame
 * the node sent, exactly as the bytes arrived, and decodes them. It answers nothing by itself.
 */
export class TestClient {
  readonly nodeId: Uint8Array;
  readonly messages: Message[] = [];
  /** The node's frames, header included, as received. */
  readonly frames: Uint8Array[] = [];
  closed: CloseInfo | undefined;
  /** What the node sent that did not decode (never expected of our node). */
  decodeError: unknown;
  private readonly decoder = new FrameDecoder();
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    readonly connection: Connection,
    private readonly options: TestClientOptions = {},
  ) {
    this.nodeId = options.nodeId ?? testNodeId(options.label ?? 'client');
    connection.start({
      data: (chunk) => this.onData(chunk),
      closed: (info) => {
        this.closed = info;
      },
    });
  }

  hello(overrides: Partial<HelloMessage> = {}): void {
    this.send(
      helloMessage(this.nodeId, {
        networkId: this.options.networkId ?? 0,
        clientId: `pocnode-test-client/${this.options.label ?? 'client'}`,
        listenPort: this.options.listenPort ?? 0,
        ...overrides,
      }),
    );
  }

  send(message: Message): void {
    this.connection.write(encodeMessageFrame(message));
  }

  sendBytes(bytes: Uint8Array): void {
    this.connection.write(bytes);
  }

  close(): void {
    this.connection.close();
  }

  commands(): CommandName[] {
    return this.messages.map((m) => m.command);
  }

  received<C extends CommandName>(command: C): Array<MessageOf<C>> {
    return this.messages.filter((m): m is MessageOf<C> => m.command === command);
  }

  /** Frames of one command, as bytes. */
  framesOf(command: CommandName): Uint8Array[] {
    return this.frames.filter((_, i) => this.messages[i]?.command === command);
  }

  disconnectReasons(): Array<number | undefined> {
    return this.received('Disconnect').map((m) => m.reason);
  }

  private onData(chunk: Uint8Array): void {
    if (this.decodeError !== undefined) return;
    this.pending = Buffer.concat([this.pending, chunk]);
    const batch = this.decoder.push(chunk);
    try {
      for (const payload of batch.frames) {
        const size = 8 + payload.length;
        const message = decodeMessage(payload);
        this.frames.push(Uint8Array.from(this.pending.subarray(0, size)));
        this.pending = this.pending.subarray(size);
        this.messages.push(message);
        if (message.command === 'Disconnect' && this.options.closeOnDisconnect !== false) this.close();
      }
      if (batch.error) throw batch.error;
    } catch (err: unknown) {
      // Recorded, not thrown: this runs inside a delivery or a socket callback.
      this.decodeError = err;
      this.connection.abort();
    }
  }
}

/**
 * For tests over real sockets only: resolves once `condition` holds, checking every `intervalMs`; fails
 * after `timeoutMs`. An "await until", never a fixed sleep.
 */
export async function waitFor(
  condition: () => boolean,
  what: string,
  { timeoutMs = 10_000, intervalMs = 20 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, intervalMs));
  }
}
