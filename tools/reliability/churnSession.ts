import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PeerEndpoint } from '../../wire';
import { DisconnectReason } from '../../wire';
import type { RealChain } from './protocolData';
import { signedTransaction } from './protocolData';
import { WireClient } from './wireClient';

/**
 * How one simulated peer behaves for the soak and crash scripts: `good` runs a whole exchange and says
 * goodbye; `abrupt` does the same and vanishes without Disconnect; `garbage` sends bytes that are no frame;
 * `silent` never says Hello; `badTx` sends a transaction with an impossible signature.
 */
export type SessionKind = 'good' | 'abrupt' | 'garbage' | 'silent' | 'badTx';

export interface SessionOutcome {
  readonly kind: SessionKind;
  /** The node did what the contract says for this kind. */
  readonly ok: boolean;
  readonly detail?: string;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/** A Peers message worth of hearsay: a few plausible entries and a few the registry must refuse. */
function gossip(): PeerEndpoint[] {
  const entries: PeerEndpoint[] = [];
  for (let i = 0; i < 4; i++) {
    entries.push({
      ip: `10.${i}.${Math.floor(Math.random() * 256)}.7`,
      port: 30303,
      nodeId: randomBytes(64),
    });
  }
  entries.push({ ip: '0.0.0.0', port: 30303, nodeId: randomBytes(64) });
  entries.push({ ip: '10.9.9.9', port: 0, nodeId: randomBytes(64) });
  entries.push({ ip: '10.9.9.8', port: 30303, nodeId: new Uint8Array(64) });
  return entries;
}

export interface SessionOptions {
  readonly host: string;
  readonly port: number;
  readonly chain: RealChain;
  /** How long a `good` or `abrupt` peer stays after its exchange, at most. */
  readonly holdMs: number;
  /** How long to wait for each answer. */
  readonly replyMs: number;
}

/** Runs one peer session of the given kind against the node; never throws. */
export async function runSession(kind: SessionKind, o: SessionOptions): Promise<SessionOutcome> {
  let client: WireClient;
  try {
    client = await WireClient.connect(o.host, o.port);
  } catch (err: unknown) {
    return { kind, ok: false, detail: `connect: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    if (kind === 'silent') {
      // The node drops it at helloTimeout; the script does not wait that long every time.
      await sleep(Math.random() * o.holdMs);
      client.destroy();
      return { kind, ok: true };
    }
    client.hello();
    await client.waitFor((m) => m.command === 'Hello', o.replyMs, 'Hello');
    if (kind === 'garbage') {
      client.sendBytes(randomBytes(64));
      await client.waitFor((m) => m.command === 'Disconnect', o.replyMs, 'Disconnect');
      const d = client.messages.find((m) => m.command === 'Disconnect');
      const ok = d?.command === 'Disconnect' && d.reason === DisconnectReason.BadProtocol;
      client.destroy();
      return { kind, ok, detail: ok ? undefined : 'no Bad protocol' };
    }
    if (kind === 'badTx') {
      // s = 0 is outside [1, n-1]: v0.3.11 refused such a signature, and so must the node.
      client.send({ command: 'Transactions', transactions: [{ ...signedTransaction(), s: 0n }] });
      await client.waitFor((m) => m.command === 'Disconnect', o.replyMs, 'Disconnect');
      client.destroy();
      return { kind, ok: true };
    }
    const from = client.messages.length;
    client.send({ command: 'GetPeers' });
    client.send({ command: 'GetChain', parents: [o.chain.genesisHash], count: 32 });
    client.send({ command: 'GetTransactions' });
    client.send({ command: 'Transactions', transactions: [signedTransaction(), signedTransaction()] });
    client.send({ command: 'Blocks', blocks: [...o.chain.blocks].reverse() });
    client.send({ command: 'Peers', peers: gossip() });
    await client.waitFor((m) => m.command === 'Peers', o.replyMs, 'Peers', from);
    await client.waitFor(
      (m) => m.command === 'Blocks' || m.command === 'NotInChain',
      o.replyMs,
      'Blocks',
      from,
    );
    client.send({ command: 'Ping' });
    await client.waitFor((m) => m.command === 'Pong', o.replyMs, 'Pong', from);
    await sleep(Math.random() * o.holdMs);
    if (kind === 'good') {
      client.send({ command: 'Disconnect', reason: pick([DisconnectReason.ClientQuitting, undefined]) });
      client.close();
      await client.waitClosed(o.replyMs);
    } else client.destroy();
    const dropped = client.messages.find((m) => m.command === 'Disconnect');
    return dropped
      ? { kind, ok: false, detail: `dropped by the node: ${JSON.stringify(dropped)}` }
      : { kind, ok: true };
  } catch (err: unknown) {
    client.destroy();
    return { kind, ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}
