import { createActor, setup } from 'xstate';
import type { AnyActorRef } from 'xstate';
import type { RegistryPort } from '../../../actors/knownPeersActor';
import { createKnownPeersActor } from '../../../actors/knownPeersActor';
import type { RegistryMessage, SupervisorEvent } from '../../../machines/supervisorEvents';
import { toHex } from '../../../chain/blockHash';
import { remoteHello } from '../../helpers/peerHarness';

/** A registry that knows nobody: dial targets come from the bootnodes only. */
const emptyRegistry: RegistryPort = {
  learn: () => ({ added: 0, refreshed: 0, rejected: 0, ignored: 0 }),
  peersToShare: () => [],
  peerConnected: () => 'ok',
  peerDisconnected: () => false,
  dialFailed: () => false,
  takeDialTargets: () => [],
  flush: () => Promise.resolve(),
  size: 0,
};

const BOOTNODE = { host: '10.0.0.1', port: 30303 };

/** The known-peers actor under a parent that records what it sends back. */
function startRegistry() {
  const sent: SupervisorEvent[] = [];
  const logic = createKnownPeersActor({
    registry: emptyRegistry,
    now: () => 0,
    targetPeers: 5,
    bootnodes: [BOOTNODE],
  });
  const parent = createActor(
    setup({ actors: { registry: logic } }).createMachine({
      invoke: { id: 'registry', src: 'registry' },
      on: { '*': { actions: ({ event }) => sent.push(event as SupervisorEvent) } },
    }),
  ).start();
  const child = parent.getSnapshot().children.registry as AnyActorRef;
  const send = (m: RegistryMessage): void => child.send(m);
  const dials = (): SupervisorEvent[] => sent.filter((e) => e.type === 'dial.request');
  return { send, dials };
}

const tick: RegistryMessage = { type: 'registry.dialTick', activeNodeIds: [], peerCount: 0 };
const hello = { ...remoteHello(1), listenPort: BOOTNODE.port };
const nodeIdHex = hello.nodeId && toHex(hello.nodeId);

describe('known-peers actor, bootnodes', () => {
  it('does not dial a bootnode while it is connected, and dials it at the next tick once gone (a connection clears its backoff)', () => {
    const r = startRegistry();
    // A first dial sets its backoff (the clock stays at 0, so only the connection can clear it).
    r.send(tick);
    expect(r.dials()).toEqual([{ type: 'dial.request', ...BOOTNODE }]);
    r.send({
      type: 'registry.peerActive',
      connId: 1,
      remoteHost: BOOTNODE.host,
      direction: 'outbound',
      hello,
      nodeIdHex,
    });
    r.send(tick);
    expect(r.dials()).toHaveLength(1);
    r.send({
      type: 'registry.peerGone',
      connId: 1,
      remoteHost: BOOTNODE.host,
      hello,
      nodeIdHex,
      report: { reason: undefined, by: 'remote', wireErrorCode: undefined },
    });
    r.send(tick);
    expect(r.dials()).toEqual([
      { type: 'dial.request', ...BOOTNODE },
      { type: 'dial.request', ...BOOTNODE },
    ]);
  });

  it('dials a bootnode when only other peers are connected', () => {
    const r = startRegistry();
    r.send({
      type: 'registry.peerActive',
      connId: 1,
      remoteHost: '10.0.0.2',
      direction: 'inbound',
      hello,
      nodeIdHex,
    });
    r.send(tick);
    expect(r.dials()).toEqual([{ type: 'dial.request', ...BOOTNODE }]);
  });
});
