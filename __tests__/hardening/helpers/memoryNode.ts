import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { DEFAULT_NODE_CONFIG } from '../../../actors/nodeConfig';
import type { NodeCore } from '../../../actors/nodeCore';
import { openNodeCore } from '../../../actors/nodeCore';
import type { NodeSystemConfig } from '../../../actors/nodeSystem';
import { SteppingClock } from '../../../actors/steppingClock';
import { MemoryStore } from '../../../store/memoryStore';
import type { CloseInfo, Connection } from '../../../transport/connection';
import { createMemoryPair } from '../../../transport/memory';
import type { CommandName, HelloMessage, Message, MessageOf } from '../../../wire';
import { FrameDecoder, decodeMessage, encodeMessageFrame, helloMessage } from '../../../wire';

/**
 * One whole node (supervisor, peers, chain manager, registry) over a MemoryStore, on a SteppingClock, with
 * memory connections whose deliveries also run on that clock: nothing moves until the test advances time,
 * so hundreds of hostile peers play out in milliseconds of real time and always the same way.
 */
export interface MemoryNode {
  readonly core: NodeCore;
  readonly clock: SteppingClock;
  readonly nodeId: Uint8Array;
  /** Opens an inbound connection and returns the remote side as a raw peer. */
  connect(options?: ConnectOptions): RawPeer;
  /** Runs every delivery and timer due now (and those they schedule for now). */
  settle(): Promise<void>;
  /** Moves simulated time forward, firing each timer at its own time. */
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

export interface ConnectOptions {
  /** What the node sees as the peer's address, `ip:port` (default 127.0.0.1 and a fresh port). */
  readonly remote?: string;
  /** Bytes the node may have written and the peer not yet read before the node's side aborts. */
  readonly maxPendingBytes?: number;
  /** false: the peer never reads what the node sends (default true). */
  readonly reading?: boolean;
}

/** The node's limits as the contract sets them, with room for many peers unless a test says otherwise. */
export async function startMemoryNode(config: Partial<NodeSystemConfig> = {}): Promise<MemoryNode> {
  const clock = new SteppingClock();
  const nodeId = randomBytes(64);
  const core = await openNodeCore({
    store: new MemoryStore(),
    config: { ...DEFAULT_NODE_CONFIG, dial: false, ...config },
    nodeId,
    listenPort: 30303,
    dial: () => Promise.reject(new Error('memory nodes do not dial')),
    clock,
    now: () => clock.now(),
  });
  let port = 40_000;
  const schedule = (fn: () => void): void => {
    clock.setTimeout(fn, 0);
  };
  const settle = async (): Promise<void> => {
    // Promise callbacks (store writes) may schedule more deliveries: go round until nothing is due.
    for (let i = 0; i < 1000; i++) {
      clock.advanceBy(0);
      await nextTurn();
      if ((clock.nextDue() ?? Infinity) > clock.now()) return;
    }
    throw new Error('the node did not settle within 1000 rounds');
  };
  return {
    core,
    clock,
    nodeId,
    connect: (options: ConnectOptions = {}) => {
      const remote = options.remote ?? `127.0.0.1:${port++}`;
      const [nodeSide, peerSide] = createMemoryPair({
        schedule,
        remoteA: remote,
        remoteB: '127.0.0.1:30303',
        ...(options.maxPendingBytes !== undefined && { maxPendingBytes: options.maxPendingBytes }),
      });
      const peer = new RawPeer(peerSide, remote, options.reading ?? true);
      core.accept(nodeSide, 'inbound');
      return peer;
    },
    settle,
    advance: async (ms) => {
      const target = clock.now() + ms;
      for (;;) {
        const next = clock.nextDue();
        if (next === undefined || next > target) break;
        clock.advanceTo(next);
        await settle();
      }
      clock.advanceTo(target);
      await settle();
    },
    stop: async () => {
      const stopping = core.stop();
      for (let i = 0; i < 100; i++) {
        clock.advanceBy(1000);
        await nextTurn();
      }
      await stopping;
    },
  };
}

/** The remote end of a memory connection: sends what the test says, records and decodes what the node sent. */
export class RawPeer {
  readonly messages: Message[] = [];
  readonly nodeId = randomBytes(64);
  closed: CloseInfo | undefined;
  decodeError: unknown;
  private readonly decoder = new FrameDecoder();

  constructor(
    readonly connection: Connection,
    /** The peer's address as the node sees it. */
    readonly remote: string,
    reading: boolean,
  ) {
    if (!reading) return;
    connection.start({
      data: (chunk) => {
        const batch = this.decoder.push(chunk);
        try {
          for (const payload of batch.frames) this.messages.push(decodeMessage(payload));
          if (batch.error) throw batch.error;
        } catch (err: unknown) {
          this.decodeError = err;
        }
      },
      closed: (info) => {
        this.closed = info;
      },
    });
  }

  hello(over: Partial<HelloMessage> = {}): void {
    this.send(helloMessage(this.nodeId, { clientId: 'hardening/raw-peer', ...over }));
  }

  send(message: Message): void {
    this.connection.write(encodeMessageFrame(message));
  }

  sendBytes(bytes: Uint8Array): void {
    this.connection.write(bytes);
  }

  received<C extends CommandName>(command: C): Array<MessageOf<C>> {
    return this.messages.filter((m): m is MessageOf<C> => m.command === command);
  }

  disconnectReasons(): Array<number | undefined> {
    return this.received('Disconnect').map((m) => m.reason);
  }
}
