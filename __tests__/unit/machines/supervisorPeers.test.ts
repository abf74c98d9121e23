import { DisconnectReason, encodeMessageFrame } from '../../../wire';
import { ScriptedConnection } from '../../helpers/scriptedConnection';
import { startSupervisor } from '../../helpers/supervisorHarness';
import { remoteHello } from '../../helpers/peerHarness';

describe('supervisor peers', () => {
  it('hears one done-event type from its peers however many connections come and go', () => {
    const s = startSupervisor();
    const received = new Set<string>();
    s.supervisor.system.inspect((e) => {
      if (e.type === '@xstate.event' && e.actorRef === s.supervisor) received.add(e.event.type);
    });
    for (let n = 1; n <= 5; n++) {
      const conn = new ScriptedConnection();
      s.supervisor.send({ type: 'connection.opened', connection: conn, direction: 'inbound' });
      conn.deliver(encodeMessageFrame(remoteHello(n)));
      conn.deliver(encodeMessageFrame({ command: 'Disconnect', reason: DisconnectReason.ClientQuitting }));
      expect(conn.isClosed).toBe(true);
    }
    // XState memoizes transitions per event type for good: a type per connection would grow without end.
    expect([...received].filter((t) => t.startsWith('xstate.done.actor.'))).toEqual([
      'xstate.done.actor.peer',
    ]);
    expect(s.supervisor.getSnapshot().context.table.peers.size).toBe(0);
    expect(s.mailbox.filter((m) => m.type === 'mailbox.peerGone')).toHaveLength(5);
  });
});
