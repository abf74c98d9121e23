import { fromCallback } from 'xstate';
import type { Connection } from '../transport/connection';
import type { DialerCommand, SupervisorEvent } from '../machines/supervisorEvents';

/** Opens an outbound connection; TCP in the node, the memory transport in the simulator. */
export type Dial = (host: string, port: number) => Promise<Connection>;

/** Bound on dials in flight, so a registry full of dead addresses cannot pile up sockets. */
export const MAX_CONCURRENT_DIALS = 8;

/**
 * The dialer: turns `dialer.dial` commands into connections handed to the supervisor as outbound
 * (`connection.opened`), or `dial.failed` for the registry's backoff. Dials to an address already being
 * dialled are dropped.
 */
export function createDialerActor(dial: Dial, maxConcurrent = MAX_CONCURRENT_DIALS) {
  return fromCallback<DialerCommand, undefined, SupervisorEvent>(({ sendBack, receive }) => {
    const inFlight = new Set<string>();
    let stopped = false;
    receive((command) => {
      const key = `${command.host}:${command.port}`;
      if (stopped || inFlight.has(key) || inFlight.size >= maxConcurrent) return;
      inFlight.add(key);
      dial(command.host, command.port).then(
        (connection) => {
          inFlight.delete(key);
          if (stopped) connection.abort();
          else sendBack({ type: 'connection.opened', connection, direction: 'outbound' });
        },
        (err: unknown) => {
          inFlight.delete(key);
          if (stopped) return;
          sendBack({
            type: 'dial.failed',
            host: command.host,
            port: command.port,
            message: err instanceof Error ? err.message : String(err),
          });
        },
      );
    });
    return () => {
      stopped = true;
    };
  });
}
