import { randomBytes } from 'node:crypto';
import type { HelloMessage } from '../../wire';
import { encodeFrame, encodeMessageFrame } from '../../wire';
import type { CaseContext } from './conformanceCase';
import { conformanceHello } from './helloPackets';
import { newNodeId } from './nodeIdentity';
import type { Probe } from './probe';
import type { ConformanceTimeouts } from './timeouts';

/** A connection past the handshake. */
export interface Session {
  readonly probe: Probe;
  /** The Hello the target sent. */
  readonly target: HelloMessage;
  /** The node id we announced. */
  readonly nodeId: Uint8Array;
}

/** The target's Hello, which it must send as soon as the connection opens (CONTRACT.md §3). */
export async function targetHello(probe: Probe, t: ConformanceTimeouts): Promise<HelloMessage> {
  return (await probe.waitFor('Hello', t.replyMs, "the target's Hello")).message;
}

/**
 * Ping → Pong, then `settleMs` without a Disconnect: the target took our Hello and is talking to us. (A
 * target may answer Ping while it still decides on admission, so the quiet time matters.)
 */
export async function expectAlive(probe: Probe, t: ConformanceTimeouts): Promise<void> {
  probe.send({ command: 'Ping' });
  await probe.waitFor('Pong', t.replyMs, 'Pong to our Ping');
  await probe.staysOpen(t.settleMs);
}

/**
 * Opens a connection, waits for the target's Hello, answers with ours (its network id, a fresh node id
 * unless one is given) and checks the session is alive.
 */
export async function handshake(ctx: CaseContext, nodeId: Uint8Array = newNodeId()): Promise<Session> {
  const probe = await ctx.open();
  const target = await targetHello(probe, ctx.timeouts);
  probe.send(conformanceHello(target.networkId, nodeId));
  await expectAlive(probe, ctx.timeouts);
  return { probe, target, nodeId };
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A frame whose header announces exactly the given payload. */
export function rawFrame(payload: Uint8Array): Uint8Array {
  return encodeFrame(payload);
}

export const PING_FRAME = encodeMessageFrame({ command: 'Ping' });

export function randomHash(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}
