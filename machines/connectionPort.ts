import type { Connection } from '../transport/connection';
import type { ConnectionCommand, ForwardedMessage, PeerNotification, WireMessageEvent } from './peerEvents';
import { FORWARDED_EVENT_TYPES } from './peerEvents';
import type { MailboxMessage } from './supervisorEvents';
import { mailboxMessageOf } from './supervisorEvents';

const FORWARDED = new Set<string>(FORWARDED_EVENT_TYPES);

/** Whom a forwarded message goes to (the peer machine's parent, the supervisor). */
export interface NotificationTarget {
  send(event: PeerNotification): void;
}

/**
 * What the peer machine's `active.idle` state does with the messages that change nothing there, given to the
 * port on entering it: a Ping is answered with `pong` (its `sendPong`), a Pong is ignored, and what is to be
 * forwarded goes to `parent` as its `reportMessage` would send it, as connection `connId`.
 */
export interface DirectPath {
  readonly parent: NotificationTarget;
  readonly connId: number;
  readonly pong: ConnectionCommand;
}

/** The chain manager's mailbox, for the chain-bound messages of a peer the supervisor has made active. */
export interface MailboxTarget {
  send(message: MailboxMessage): void;
}

/**
 * How a peer machine and its connection (the `openConnection` action it is given, in
 * actors/connectionActions.ts) talk without an XState event per message: the machine's send actions give
 * commands (send, close, stop reading) through the port, and the connection records there when something
 * was last received, for the keep-alive.
 *
 * Commands: relaying one through the actor system cost a quarter of a Ping → Pong (tools/bench, peer), and
 * every outbound message is one. Commands given before the connection has opened wait in the port and are
 * served, in order, when it opens (the machine's root entry opens it before its first state sends Hello);
 * after the peer actor has ended they are dropped, as events to a stopped actor are.
 *
 * Keep-alive: pyethereum pings a peer silent for pingInterval. Restarting an XState delayed event for every
 * received chunk cost a fifth of the simulator's transaction phase (cancel, schedule, garbage), so the
 * machine arms one timer and, when it fires, asks the port how much of the interval is left since the last
 * thing received (machines/peerMachine.ts, `active.idle`); receiving is a clock read, not a transition.
 *
 * Direct path: while the machine is in `active.idle`, the messages that change nothing there (Ping, Pong, what
 * is forwarded) are handled here as its transitions would handle them, with no XState step per message: that
 * step was two thirds of a Ping → Pong and a sixth of the simulator (tools/bench, peer and sim).
 */
export class ConnectionPort {
  private serve: ((command: ConnectionCommand) => void) | undefined;
  private waiting: ConnectionCommand[] | undefined = [];
  /** The actor system's clock (ms), once the connection has opened; none before. */
  private clock: (() => number) | undefined;
  private heardAt = Number.NEGATIVE_INFINITY;
  // The direct path's parts, kept as fields rather than the object given (one per entry into idle).
  private parent: NotificationTarget | undefined;
  private pong: ConnectionCommand | undefined;
  private connId = 0;
  private mailbox: MailboxTarget | undefined;

  command(command: ConnectionCommand): void {
    if (this.serve !== undefined) this.serve(command);
    else this.waiting?.push(command);
  }

  /** The connection starts serving, reading time from `now`; what waited is served first. */
  open(serve: (command: ConnectionCommand) => void, now?: () => number): void {
    const waiting = this.waiting ?? [];
    this.waiting = undefined;
    this.serve = serve;
    this.clock = now;
    for (const command of waiting) serve(command);
  }

  /** The peer actor ended: later commands are dropped. */
  close(): void {
    this.serve = undefined;
    this.waiting = undefined;
    this.parent = undefined;
    this.pong = undefined;
    this.mailbox = undefined;
  }

  /**
   * The machine, entering `active.idle`, opens the direct path; leaving it, closes it (undefined): every
   * message goes through the machine again. Order is kept: the connection hands messages over from
   * the transport's callbacks, when no actor is mid-step, so nothing the machine has queued can be overtaken.
   */
  directPath(path: DirectPath | undefined): void {
    this.parent = path?.parent;
    this.pong = path?.pong;
    this.connId = path?.connId ?? this.connId;
  }

  /**
   * The supervisor, when the peer is admitted and enters `active`: its chain-bound messages (Transactions,
   * Blocks, GetChain, NotInChain, GetTransactions) go straight to the chain manager's `mailbox` while the
   * direct path is open, without the supervisor's `peer.message` step (one per relayed copy in the
   * simulator). Undefined when it tells the peer to disconnect or forgets it: through the supervisor again,
   * which then decides. Routing stays the supervisor's: it installs and removes the target.
   */
  deliverTo(mailbox: MailboxTarget | undefined): void {
    this.mailbox = mailbox;
  }

  /**
   * The connection: handles a received message on the direct path when the machine has opened it and
   * the message is one it covers (Ping, Pong, forwarded); false if the machine must be given it.
   */
  handledDirectly(event: WireMessageEvent): boolean {
    const parent = this.parent;
    if (parent === undefined) return false;
    switch (event.type) {
      case 'wire.ping':
        if (this.pong !== undefined) this.command(this.pong);
        return true;
      case 'wire.pong':
        return true;
      default:
        if (!FORWARDED.has(event.type)) return false;
    }
    // One of FORWARDED_EVENT_TYPES, so one of the forwarded messages.
    const message = event.message as ForwardedMessage;
    const mailbox = this.mailbox;
    const mailboxMessage = mailbox && mailboxMessageOf(this.connId, message);
    if (mailbox !== undefined && mailboxMessage !== undefined) mailbox.send(mailboxMessage);
    else parent.send({ type: 'peer.message', connId: this.connId, message });
    return true;
  }

  /** The connection: at least one whole message was received now (a partial frame is not news). */
  heard(): void {
    if (this.clock !== undefined) this.heardAt = this.clock();
  }

  /**
   * Milliseconds of `intervalMs` left, counted from the last thing received; zero or less when that is
   * `intervalMs` ago or more, or when nothing was ever received on a clock (no connection open yet).
   */
  quietLeft(intervalMs: number): number {
    return this.clock === undefined ? 0 : this.heardAt + intervalMs - this.clock();
  }
}

const ports = new WeakMap<Connection, ConnectionPort>();

/** The port of a transport connection (one peer machine and its connection share it). */
export function connectionPort(connection: Connection): ConnectionPort {
  let port = ports.get(connection);
  if (port === undefined) {
    port = new ConnectionPort();
    ports.set(connection, port);
  }
  return port;
}
