import type { InspectionEvent } from 'xstate';
import { connectionPort } from '../../../machines/connectionPort';
import type { ConnectionCommand, PeerNotification } from '../../../machines/peerEvents';
import { wireEvent } from '../../../machines/peerEvents';
import type { Message, Transaction } from '../../../wire';
import { encodeMessageFrame } from '../../../wire';
import { remoteHello } from '../../helpers/peerHarness';
import { ScriptedConnection } from '../../helpers/scriptedConnection';
import { startSupervisor } from '../../helpers/supervisorHarness';

const PONG: ConnectionCommand = { type: 'connection.send', message: { command: 'Pong' } };
const tx: Transaction = {
  nonce: 3n,
  to: new Uint8Array(20).fill(1),
  value: 10n,
  data: [5n],
  v: 28n,
  r: 11n,
  s: 12n,
};
const parent = new Uint8Array(32).fill(9);

/** The supervisor with recording chain-manager and known-peers actors; counts its own `peer.message` steps. */
function start() {
  let peerMessageSteps = 0;
  const { supervisor, mailbox, registry } = startSupervisor({}, (e: InspectionEvent) => {
    // The event type first: `supervisor` is not assigned yet while it starts.
    if (e.type === '@xstate.event' && e.event.type === 'peer.message' && e.actorRef === supervisor) {
      peerMessageSteps++;
    }
  });
  const connect = () => {
    const conn = new ScriptedConnection();
    const connId = supervisor.getSnapshot().context.table.nextConnId;
    supervisor.send({ type: 'connection.opened', connection: conn, direction: 'inbound' });
    return { conn, connId, say: (m: Message) => conn.deliver(encodeMessageFrame(m)) };
  };
  return { supervisor, connect, mailbox, registry, steps: () => peerMessageSteps };
}

describe('supervisor: chain-bound messages of an active peer go to the chain manager directly', () => {
  it('delivers Transactions, GetChain, NotInChain and GetTransactions with the connection id, without a supervisor step', () => {
    const { connect, mailbox, steps } = start();
    const a = connect();
    a.say(remoteHello(1));
    mailbox.length = 0;
    a.say({ command: 'Transactions', transactions: [tx] });
    a.say({ command: 'GetChain', parents: [parent], count: 32 });
    a.say({ command: 'NotInChain', hash: parent });
    a.say({ command: 'GetTransactions' });
    expect(mailbox).toEqual([
      { type: 'mailbox.transactions', connId: a.connId, transactions: [tx] },
      { type: 'mailbox.getChain', connId: a.connId, parents: [parent], count: 32 },
      { type: 'mailbox.notInChain', connId: a.connId, hash: parent },
      { type: 'mailbox.getTransactions', connId: a.connId },
    ]);
    expect(steps()).toBe(0);
  });

  it('still takes GetPeers through its own step to the known-peers actor', () => {
    const { connect, registry, steps } = start();
    const a = connect();
    a.say(remoteHello(2));
    a.say({ command: 'GetPeers' });
    expect(steps()).toBe(1);
    expect(registry.filter((m) => m.type === 'registry.getPeers')).toEqual([
      { type: 'registry.getPeers', connId: a.connId },
    ]);
  });

  it('keeps the messages of two peers apart by connection id', () => {
    const { connect, mailbox } = start();
    const a = connect();
    const b = connect();
    a.say(remoteHello(3));
    b.say(remoteHello(4));
    mailbox.length = 0;
    b.say({ command: 'GetTransactions' });
    a.say({ command: 'GetTransactions' });
    expect(mailbox).toEqual([
      { type: 'mailbox.getTransactions', connId: b.connId },
      { type: 'mailbox.getTransactions', connId: a.connId },
    ]);
  });

  it('removes the direct path when it tells the peer to disconnect', () => {
    const { supervisor, connect, mailbox } = start();
    const a = connect();
    a.say(remoteHello(5));
    const port = connectionPort(a.conn);
    supervisor.send({ type: 'route.disconnect', connId: a.connId, reason: 'BadProtocol' });
    mailbox.length = 0;
    // Were the port's forwarding path open again, the message would go to the supervisor, not the mailbox.
    const up: PeerNotification[] = [];
    port.directPath({ parent: { send: (e) => up.push(e) }, connId: a.connId, pong: PONG });
    port.handledDirectly(wireEvent({ command: 'Transactions', transactions: [tx] }));
    expect(mailbox).toEqual([]);
    expect(up.map((e) => e.type)).toEqual(['peer.message']);
  });

  it('gives nothing directly to the chain manager from a peer refused admission', () => {
    const { connect, mailbox } = start();
    connect().say(remoteHello(6));
    const b = connect();
    b.say(remoteHello(6)); // the same node id: Already connected
    mailbox.length = 0;
    const port = connectionPort(b.conn);
    const up: PeerNotification[] = [];
    port.directPath({ parent: { send: (e) => up.push(e) }, connId: b.connId, pong: PONG });
    port.handledDirectly(wireEvent({ command: 'GetTransactions' }));
    expect(mailbox).toEqual([]);
    expect(up).toHaveLength(1);
  });
});
