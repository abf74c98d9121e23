import { ConnectionPort, connectionPort } from '../../../machines/connectionPort';
import type { ConnectionCommand } from '../../../machines/peerEvents';
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

  it('has nothing left of any interval before a connection actor gave it a clock', () => {
    const port = new ConnectionPort();
    port.heard();
    expect(port.quietLeft(10_000)).toBeLessThanOrEqual(0);
  });
});
