import { createActor, fromCallback } from 'xstate';
import type { InspectionEvent } from 'xstate';
import { createConnectionActions } from '../../actors/connectionActions';
import { DEFAULT_PEER_TIMERS, peerMachine } from '../../machines/peerMachine';
import type {
  DialerCommand,
  MailboxMessage,
  RegistryMessage,
  SupervisorEvent,
} from '../../machines/supervisorEvents';
import type { SupervisorInput } from '../../machines/supervisorMachine';
import { supervisorMachine } from '../../machines/supervisorMachine';
import { MAX_FRAME_BYTES } from '../../wire';
import { CountingClock } from './countingClock';
import { LOCAL_IDENTITY } from './peerHarness';

/** What a test adds to the chain manager's stand-in, which records every message it receives either way. */
export type MailboxReply = (message: MailboxMessage, sendBack: (event: SupervisorEvent) => void) => void;

/**
 * Runs the real supervisor and peer machines with recording stand-ins for its effect actors; `inspect`
 * sees the whole actor system's inspection events; `onMailbox` lets the chain manager's stand-in answer.
 */
export function startSupervisor(
  over: Partial<SupervisorInput> = {},
  inspect?: (event: InspectionEvent) => void,
  onMailbox?: MailboxReply,
) {
  const mailbox: MailboxMessage[] = [];
  const registry: RegistryMessage[] = [];
  const dials: DialerCommand[] = [];
  const clock = new CountingClock();
  const machine = supervisorMachine.provide({
    actors: {
      peer: peerMachine.provide({ actions: createConnectionActions({}, { now: () => clock.now() }) }),
      chainManager: fromCallback<MailboxMessage, undefined, SupervisorEvent>(({ receive, sendBack }) =>
        receive((m) => {
          mailbox.push(m);
          onMailbox?.(m, sendBack);
        }),
      ),
      knownPeers: fromCallback<RegistryMessage, undefined, SupervisorEvent>(({ receive }) =>
        receive((m) => registry.push(m)),
      ),
      dialer: fromCallback<DialerCommand, undefined, SupervisorEvent>(({ receive }) =>
        receive((m) => dials.push(m)),
      ),
    },
  });
  const input: SupervisorInput = {
    local: LOCAL_IDENTITY,
    timers: DEFAULT_PEER_TIMERS,
    maxFrameBytes: MAX_FRAME_BYTES,
    maxPeers: 25,
    maxPendingHandshakes: 50,
    dial: false,
    dialIntervalMs: 5000,
    ...over,
  };
  const supervisor = createActor(machine, { input, clock, inspect });
  supervisor.start();
  return { supervisor, clock, mailbox, registry, dials };
}
