import { ConnectionPort, connectionPort } from '../../../machines/connectionPort';
import type { ConnectionCommand, PeerNotification } from '../../../machines/peerEvents';
import { wireEvent } from '../../../machines/peerEvents';
import type { MailboxMessage } from '../../../machines/supervisorEvents';
import type { Transaction } from '../../../wire';
import { createMemoryPair } from '../../../transport/memory';

const send = (n: number): ConnectionCommand => ({
  type: 'connection.send',
  message: { command: 'Disconnect', reason: n },
});
const reasons = (served: ConnectionCommand[]): Array<number | undefined> =>
  served.map((c) =>
    c.type === 'connection.send' && c.message.command === 'Disconnect' ? c.message.reason : -1,
  );

describe('connection port', () => {
  it('holds the commands given before the actor serves, and serves them first, in order', () => {
    const port = new ConnectionPort();
    const served: ConnectionCommand[] = [];
    port.command(send(1));
    port.command(send(2));
    port.open((c) => served.push(c));
    port.command(send(3));
    expect(reasons(served)).toEqual([1, 2, 3]);
  });

  it('drops what comes after the actor stopped, as an event to a stopped actor', () => {
    const port = new ConnectionPort();
    const served: ConnectionCommand[] = [];
    port.open((c) => served.push(c));
    port.close();
    port.command(send(1));
    expect(served).toEqual([]);
  });

  it('is one port per transport connection', () => {
    const [a, b] = createMemoryPair();
    expect(connectionPort(a)).toBe(connectionPort(a));
    expect(connectionPort(a)).not.toBe(connectionPort(b));
  });
});

describe('connection port, keep-alive clock', () => {
  it('counts the interval from the last thing heard, on the clock the actor opened it with', () => {
    const port = new ConnectionPort();
    let now = 1000;
    port.open(
      () => undefined,
      () => now,
    );
    port.heard();
    now = 4000;
    expect(port.quietLeft(10_000)).toBe(7000);
    port.heard();
    now = 14_000;
    expect(port.quietLeft(10_000)).toBe(0);
    now = 14_001;
    expect(port.quietLeft(10_000)).toBe(-1);
  });

  it('has nothing left of any interval before a connection gave it a clock', () => {
    const port = new ConnectionPort();
    port.heard();
    expect(port.quietLeft(10_000)).toBeLessThanOrEqual(0);
  });
});

describe('connection port, direct path to the chain manager', () => {
  const tx: Transaction = {
    nonce: 1n,
    to: new Uint8Array(20).fill(7),
    value: 5n,
    data: [],
    v: 27n,
    r: 1n,
    s: 2n,
  };
  const transactions = wireEvent({ command: 'Transactions', transactions: [tx] });
  const getPeers = wireEvent({ command: 'GetPeers' });

  const PONG: ConnectionCommand = { type: 'connection.send', message: { command: 'Pong' } };
  const path = (parent: { send(e: PeerNotification): void }, connId: number) => ({
    parent,
    connId,
    pong: PONG,
  });

  function recording() {
    const up: PeerNotification[] = [];
    const mailbox: MailboxMessage[] = [];
    return {
      up,
      mailbox,
      supervisor: { send: (e: PeerNotification) => up.push(e) },
      chainManager: { send: (m: MailboxMessage) => mailbox.push(m) },
    };
  }

  it("sends an active peer's chain-bound messages to the mailbox, with its connection id, and the rest up", () => {
    const port = new ConnectionPort();
    const r = recording();
    port.directPath(path(r.supervisor, 9));
    port.deliverTo(r.chainManager);
    expect(port.handledDirectly(transactions)).toBe(true);
    expect(port.handledDirectly(getPeers)).toBe(true);
    expect(r.mailbox).toEqual([{ type: 'mailbox.transactions', connId: 9, transactions: [tx] }]);
    expect(r.up).toEqual([{ type: 'peer.message', connId: 9, message: { command: 'GetPeers' } }]);
  });

  it('goes through the supervisor again once the mailbox target is removed (peer told to disconnect)', () => {
    const port = new ConnectionPort();
    const r = recording();
    port.directPath(path(r.supervisor, 3));
    port.deliverTo(r.chainManager);
    port.deliverTo(undefined);
    port.handledDirectly(transactions);
    expect(r.mailbox).toEqual([]);
    expect(r.up).toEqual([{ type: 'peer.message', connId: 3, message: transactions.message }]);
  });

  it('sends nothing directly while the machine has the direct path closed, nor after the actor stopped', () => {
    const port = new ConnectionPort();
    const r = recording();
    port.deliverTo(r.chainManager);
    expect(port.handledDirectly(transactions)).toBe(false);
    port.directPath(path(r.supervisor, 4));
    port.close();
    expect(port.handledDirectly(transactions)).toBe(false);
    port.directPath(path(r.supervisor, 4));
    // close() removed the mailbox target too: a re-opened path goes through the supervisor.
    port.handledDirectly(transactions);
    expect(r.mailbox).toEqual([]);
    expect(r.up).toHaveLength(1);
  });

  it('answers a Ping with the Pong it was given and ignores a Pong while open; nothing when closed', () => {
    const port = new ConnectionPort();
    const served: ConnectionCommand[] = [];
    port.open((c) => served.push(c));
    const r = recording();
    const ping = wireEvent({ command: 'Ping' });
    const pong = wireEvent({ command: 'Pong' });
    expect(port.handledDirectly(ping)).toBe(false);
    port.directPath(path(r.supervisor, 2));
    expect(port.handledDirectly(ping)).toBe(true);
    expect(port.handledDirectly(pong)).toBe(true);
    expect(served).toEqual([PONG]);
    port.directPath(undefined);
    expect(port.handledDirectly(ping)).toBe(false);
    expect(port.handledDirectly(pong)).toBe(false);
    expect(served).toEqual([PONG]);
    expect(r.up).toEqual([]);
  });

  it('leaves to the machine what changes its state (Hello, Disconnect), even with the path open', () => {
    const port = new ConnectionPort();
    const r = recording();
    port.directPath(path(r.supervisor, 2));
    port.deliverTo(r.chainManager);
    expect(port.handledDirectly(wireEvent({ command: 'Disconnect', reason: 8 }))).toBe(false);
    expect(
      port.handledDirectly(
        wireEvent({
          command: 'Hello',
          protocolVersion: 8,
          networkId: 0,
          clientId: 'x',
          capabilities: 7,
          listenPort: 30303,
          nodeId: new Uint8Array(64).fill(1),
          fieldOrder: 'capabilitiesFirst',
        }),
      ),
    ).toBe(false);
    expect(r.up).toEqual([]);
    expect(r.mailbox).toEqual([]);
  });
});
