import type { Connection } from '../transport/connection';
import type { ConnectionCommand } from './peerEvents';

/**
 * How a peer machine gives its connection actor commands (send, close, stop reading): a port per
 * connection, which the machine's send actions call and the connection actor serves. Not an XState event
 * per command: relaying one through the actor system cost a quarter of a Ping → Pong (tools/bench, peer),
 * and every outbound message is one. Commands given before the actor has started (the Hello of the
 * machine's first state) wait in the port and are served, in order, when it starts, as its mailbox held
 * them before; after the actor has stopped they are dropped, as events to a stopped actor are.
 */
export class ConnectionPort {
  private serve: ((command: ConnectionCommand) => void) | undefined;
  private waiting: ConnectionCommand[] | undefined = [];

  command(command: ConnectionCommand): void {
    if (this.serve !== undefined) this.serve(command);
    else this.waiting?.push(command);
  }

  /** The connection actor starts serving; what waited is served first. */
  open(serve: (command: ConnectionCommand) => void): void {
    const waiting = this.waiting ?? [];
    this.waiting = undefined;
    this.serve = serve;
    for (const command of waiting) serve(command);
  }

  /** The connection actor stopped: later commands are dropped. */
  close(): void {
    this.serve = undefined;
    this.waiting = undefined;
  }
}

const ports = new WeakMap<Connection, ConnectionPort>();

/** The port of a transport connection (one peer machine and its connection actor share it). */
export function connectionPort(connection: Connection): ConnectionPort {
  let port = ports.get(connection);
  if (port === undefined) {
    port = new ConnectionPort();
    ports.set(connection, port);
  }
  return port;
}
