import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { secp256k1 } from '@noble/curves/secp256k1';
import type { Message, RlpItem, Transaction } from '../../../wire';
import {
  CAPABILITIES_ALL,
  Command,
  DisconnectReason,
  FrameDecoder,
  PROTOCOL_VERSION,
  blockFromRlp,
  decodeMessage,
  decodeRlp,
  encodeFrame,
  encodeMessageFrame,
  encodeRlp,
  encodeUint,
} from '../../../wire';
import { loadChain } from '../../helpers/vectors';

/**
 * A small peer that keeps CONTRACT.md §3 on its own, written for these tests and independent of the node
 * (the suite must not depend on pocnode's internals). Each fault makes it wrong in one known way.
 */
export interface FakePeerFaults {
  /** Closes at once after sending Disconnect instead of after the grace. */
  readonly noGrace?: boolean;
  /** Accepts a Hello whatever its network id. */
  readonly ignoreNetworkId?: boolean;
  /** Answers GetChain with the blocks oldest first. */
  readonly blocksOldestFirst?: boolean;
  /** Goes on reading (and answering Ping) after its Disconnect. */
  readonly readsAfterDisconnect?: boolean;
  /** Has no frame size limit, so it waits for the body of an oversized frame. */
  readonly noFrameLimit?: boolean;
  /** Sends each Peers ip as one 4-byte string instead of the 2014 clients' list of four. */
  readonly peersIpAsString?: boolean;
}

export interface FakePeerTimers {
  readonly helloTimeoutMs: number;
  readonly pingIntervalMs: number;
  readonly pingTimeoutMs: number;
  readonly disconnectGraceMs: number;
}

export interface FakePeer {
  readonly port: number;
  /** Connections accepted and not yet closed. */
  readonly openConnections: () => number;
  close(): Promise<void>;
}

const NETWORK_ID = 0;
const MAX_BLOCKS = 32;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The real chain cpp-ethereum v0.3.11 mined, and the signed transaction of its block 5. */
function chainData(): { hashes: string[]; blockItems: RlpItem[]; pool: Transaction[] } {
  const chain = loadChain();
  const blockItems = chain.blocks.map((b) => decodeRlp(b.rlp));
  const pool = blockItems.flatMap((item) => blockFromRlp(item).transactions);
  return { hashes: [chain.genesis.hash, ...chain.blocks.map((b) => b.hash)].map(hex), blockItems, pool };
}

export async function startFakePeer(timers: FakePeerTimers, faults: FakePeerFaults = {}): Promise<FakePeer> {
  const nodeId = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), false).subarray(1);
  const { hashes, blockItems, pool } = chainData();
  const active = new Set<string>([hex(nodeId)]);
  const sockets = new Set<Socket>();

  /** GetChain: blocks after the first known parent, newest first, at most min(count, 32); else NotInChain [last]. */
  function chainAnswer(parents: readonly Uint8Array[], count: number): Uint8Array {
    const known = parents.map(hex).find((h) => hashes.includes(h));
    if (known === undefined)
      return encodeMessageFrame({ command: 'NotInChain', hash: parents[parents.length - 1]! });
    const from = hashes.indexOf(known); // genesis = 0, block n = n; blockItems[n - 1] is block n
    const items = blockItems.slice(from, from + Math.min(count, MAX_BLOCKS));
    if (!faults.blocksOldestFirst) items.reverse();
    return encodeFrame(encodeRlp([encodeUint(Command.Blocks), ...items]));
  }

  /** One known peer, the address of the PROTOCOL.md example (`['6','\xcc','\n',')']`). */
  function peersFrame(): Uint8Array {
    const octets = [54, 204, 10, 41];
    const ip: RlpItem = faults.peersIpAsString
      ? Uint8Array.from(octets)
      : octets.map((o) => Uint8Array.of(o));
    return encodeFrame(encodeRlp([encodeUint(Command.Peers), [ip, encodeUint(30303), nodeId]]));
  }

  function serve(socket: Socket): void {
    sockets.add(socket);
    const decoder = new FrameDecoder(faults.noFrameLimit ? { maxFrameBytes: 0xffffffff } : {});
    let state: 'awaitingHello' | 'active' | 'disconnecting' | 'closed' = 'awaitingHello';
    /** After its Disconnect (or the close) nothing further is read from the peer. */
    const stopped = (): boolean =>
      state === 'closed' || (state === 'disconnecting' && !faults.readsAfterDisconnect);
    let peerId: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const send = (m: Message): void => void socket.write(encodeMessageFrame(m));
    const after = (ms: number, f: () => void): void => {
      clearTimeout(timer);
      timer = setTimeout(f, ms);
    };
    const close = (): void => {
      state = 'closed';
      clearTimeout(timer);
      if (peerId !== undefined) active.delete(peerId);
      socket.end();
    };
    const disconnect = (reason: number): void => {
      send({ command: 'Disconnect', reason });
      state = 'disconnecting';
      if (peerId !== undefined) active.delete(peerId);
      if (faults.noGrace) close();
      else after(timers.disconnectGraceMs, close);
    };
    const idle = (): void =>
      after(timers.pingIntervalMs, () => {
        send({ command: 'Ping' });
        after(timers.pingTimeoutMs, () => disconnect(DisconnectReason.UselessPeer));
      });

    const onHello = (m: Extract<Message, { command: 'Hello' }>): void => {
      if (m.protocolVersion !== PROTOCOL_VERSION)
        return disconnect(DisconnectReason.IncompatibleNetworkProtocols);
      if (m.networkId !== NETWORK_ID && !faults.ignoreNetworkId)
        return disconnect(DisconnectReason.WrongGenesisBlock);
      const id = m.nodeId === undefined ? undefined : hex(m.nodeId);
      if (id !== undefined && active.has(id)) return disconnect(DisconnectReason.AlreadyConnected);
      if (id !== undefined) active.add(id);
      peerId = id;
      state = 'active';
      // As cpp-ethereum did: a Ping at once after the handshake.
      send({ command: 'Ping' });
      idle();
    };

    const onActive = (m: Message): void => {
      if (state === 'active') idle();
      switch (m.command) {
        case 'Hello':
          return disconnect(DisconnectReason.BadProtocol);
        case 'Ping':
          return send({ command: 'Pong' });
        case 'GetPeers':
          return void socket.write(peersFrame());
        case 'GetTransactions':
          return send({ command: 'Transactions', transactions: pool });
        case 'GetChain':
          return void socket.write(chainAnswer(m.parents, m.count));
        case 'Disconnect':
          return close();
        case 'Pong':
        case 'Peers':
        case 'Transactions':
        case 'Blocks':
        case 'NotInChain':
          return;
      }
    };

    const onMessage = (m: Message): void => {
      if (state === 'active' || state === 'disconnecting') return onActive(m);
      if (m.command === 'Hello') return onHello(m);
      if (m.command === 'Disconnect') return close();
      disconnect(DisconnectReason.BadProtocol);
    };

    socket.on('data', (chunk) => {
      if (stopped()) return;
      const batch = decoder.push(chunk);
      for (const payload of batch.frames) {
        let message: Message;
        try {
          message = decodeMessage(payload);
        } catch {
          disconnect(DisconnectReason.BadProtocol);
          if (stopped()) return;
          continue;
        }
        onMessage(message);
        if (stopped()) return;
      }
      if (batch.error) disconnect(DisconnectReason.BadProtocol);
    });
    socket.on('error', () => undefined);
    socket.on('end', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      state = 'closed';
      clearTimeout(timer);
      if (peerId !== undefined) active.delete(peerId);
    });

    send({
      command: 'Hello',
      protocolVersion: PROTOCOL_VERSION,
      networkId: NETWORK_ID,
      clientId: 'fake-peer/conformance-test',
      capabilities: CAPABILITIES_ALL,
      listenPort: 0,
      nodeId,
      fieldOrder: 'capabilitiesFirst',
    });
    after(timers.helloTimeoutMs, () => disconnect(DisconnectReason.UselessPeer));
  }

  const server = createServer({ noDelay: true }, serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake peer: no port');
  return {
    port: address.port,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
