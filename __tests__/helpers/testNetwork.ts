import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Dial } from '../../actors/dialerActor';
import { DEFAULT_NODE_CONFIG } from '../../actors/nodeConfig';
import type { NodeCore } from '../../actors/nodeCore';
import { openNodeCore } from '../../actors/nodeCore';
import type { NodeSystemConfig } from '../../actors/nodeSystem';
import type { NodeObserver } from '../../actors/observer';
import { SteppingClock } from '../../actors/steppingClock';
import type { Genesis } from '../../chain';
import { MemoryStore } from '../../store/memoryStore';
import type { Store } from '../../store/store';
import type { Connection } from '../../transport/connection';
import { TransportError, TransportErrorCode } from '../../transport/connection';
import { createMemoryPair } from '../../transport/memory';
import type { TestClientOptions } from './testClient';
import { TestClient, testNodeId } from './testClient';

export { TestClient, testKey, testNodeId, waitFor } from './testClient';
export type { TestClientOptions } from './testClient';

/** The port every in-memory node announces in Hello and is dialled at. */
export const TEST_LISTEN_PORT = 30303;
/** Simulated milliseconds each delivery takes on a memory link. */
export const DEFAULT_LATENCY_MS = 1;
/** Bound on clock steps in one `settle`/`stop`: a network that chatters forever fails instead of hanging. */
const MAX_STEPS = 100_000;

/** Lets promise callbacks (dialer, store writes on a MemoryStore) run: one turn of the event loop, no timer. */
export const flushPromises = (): Promise<void> => nextTurn();

export interface TestNode {
  readonly index: number;
  readonly label: string;
  readonly nodeId: Uint8Array;
  /** Where the node is reached on the memory network: `ip:TEST_LISTEN_PORT`. */
  readonly ip: string;
  readonly core: NodeCore;
  readonly store: Store;
}

export interface TestNodeOptions {
  readonly label?: string;
  readonly genesis?: Genesis;
  /** Default: a fresh MemoryStore. The caller closes a store it passes. */
  readonly store?: Store;
  readonly config?: Partial<NodeSystemConfig>;
  readonly observer?: NodeObserver;
}

export interface TestNetworkOptions {
  readonly latencyMs?: number;
  /** Applied to every node, under each node's own `config`. */
  readonly config?: Partial<NodeSystemConfig>;
}

/**
 * N node cores in one process on one SteppingClock, linked by memory pairs whose deliveries run on that
 * clock `latencyMs` after each write. Nothing moves until the test calls `settle` (deliveries until none is
 * in flight) or `advance` (time), so every run takes the same steps in the same order.
 */
export class TestNetwork {
  readonly clock = new SteppingClock();
  readonly nodes: TestNode[] = [];
  private inFlight = 0;
  private readonly stopped = new Set<TestNode>();
  private nextPort = 40_000;
  private clients = 0;
  /** Indices are taken before the (async) open, so nodes added together still get distinct addresses. */
  private nodeCount = 0;
  private readonly latencyMs: number;

  constructor(private readonly options: TestNetworkOptions = {}) {
    this.latencyMs = options.latencyMs ?? DEFAULT_LATENCY_MS;
  }

  /** Deliveries scheduled and not yet run. */
  get deliveriesInFlight(): number {
    return this.inFlight;
  }

  private readonly schedule = (fn: () => void): void => {
    this.inFlight++;
    this.clock.setTimeout(() => {
      this.inFlight--;
      fn();
    }, this.latencyMs);
  };

  async addNode(options: TestNodeOptions = {}): Promise<TestNode> {
    const index = this.nodeCount++;
    const ip = `10.0.0.${index + 1}`;
    const label = options.label ?? `node${index}`;
    const nodeId = testNodeId(label);
    const store = options.store ?? new MemoryStore();
    const config: NodeSystemConfig = {
      ...DEFAULT_NODE_CONFIG,
      clientId: `pocnode-test/${label}`,
      dial: false,
      bootnodes: [],
      ...this.options.config,
      ...options.config,
    };
    const core = await openNodeCore({
      store,
      config,
      nodeId,
      listenPort: TEST_LISTEN_PORT,
      dial: this.dialFrom(ip),
      clock: this.clock,
      now: () => this.clock.now(),
      ...(options.genesis && { genesis: options.genesis }),
      ...(options.observer && { observer: options.observer }),
    });
    const node: TestNode = { index, label, nodeId, ip, core, store };
    this.nodes.push(node);
    return node;
  }

  /** `a` dials `b`: outbound on `a`, inbound on `b`. */
  link(a: TestNode, b: TestNode): void {
    a.core.accept(this.openTo(b, a.ip), 'outbound');
  }

  /** A raw client connected to `node` (inbound there), from a TEST-NET-1 address. */
  connectClient(node: TestNode, options: TestClientOptions = {}): TestClient {
    const ip = `192.0.2.${1 + (this.clients++ % 250)}`;
    const [clientEnd, nodeEnd] = createMemoryPair({
      schedule: this.schedule,
      remoteA: `${node.ip}:${TEST_LISTEN_PORT}`,
      remoteB: `${ip}:${this.nextPort++}`,
    });
    node.core.accept(nodeEnd, 'inbound');
    return new TestClient(clientEnd, options);
  }

  /** Runs deliveries in time order, letting promise callbacks run between steps, until none is in flight. */
  async settle(): Promise<void> {
    for (let step = 0; ; step++) {
      await flushPromises();
      if (this.inFlight === 0) return;
      if (step > MAX_STEPS) throw new Error('the test network did not settle');
      const next = this.clock.nextDue();
      if (next !== undefined) this.clock.advanceTo(next);
    }
  }

  /** Moves simulated time forward by `ms`, timer by timer, settling deliveries on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    for (let step = 0; ; step++) {
      await flushPromises();
      const next = this.clock.nextDue();
      if (next === undefined || next > target) break;
      if (step > MAX_STEPS) throw new Error('the test network did not quiet down');
      this.clock.advanceTo(next);
    }
    this.clock.advanceTo(target);
    await this.settle();
  }

  /** Stops one node (Client quitting to every peer, then their close or the grace) and waits for its writes. */
  async stop(node: TestNode): Promise<void> {
    if (this.stopped.has(node)) return;
    this.stopped.add(node);
    let systemDone = false;
    void node.core.done.then(() => {
      systemDone = true;
    });
    const stopped = node.core.stop();
    for (let step = 0; !systemDone; step++) {
      if (step > MAX_STEPS) throw new Error(`${node.label} did not stop`);
      await this.settle();
      if (systemDone) break;
      const next = this.clock.nextDue();
      if (next !== undefined) this.clock.advanceTo(next);
    }
    await stopped;
    await this.settle();
  }

  async stopAll(): Promise<void> {
    for (const node of this.nodes) await this.stop(node);
  }

  /** A memory pair to `target`, accepted there as inbound; returns the dialling side's end. */
  private openTo(target: TestNode, fromIp: string): Connection {
    const [out, into] = createMemoryPair({
      schedule: this.schedule,
      remoteA: `${target.ip}:${TEST_LISTEN_PORT}`,
      remoteB: `${fromIp}:${this.nextPort++}`,
    });
    target.core.accept(into, 'inbound');
    return out;
  }

  /** The dialler a node is given: reaches the node listening at `ip:TEST_LISTEN_PORT` in this network. */
  private dialFrom(ip: string): Dial {
    return (host, port) => {
      const target = this.nodes.find((n) => n.ip === host);
      if (!target || port !== TEST_LISTEN_PORT) {
        return Promise.reject(
          new TransportError(TransportErrorCode.Dial, `nothing listens at ${host}:${port}`),
        );
      }
      return Promise.resolve(this.openTo(target, ip));
    };
  }
}
