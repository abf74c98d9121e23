import { SimulatedClock } from 'xstate';
import { ChainManager } from '../../../chain';
import { TransactionPool } from '../../../chain/txPool';
import type { RegistryPort } from '../../../actors/knownPeersActor';
import { KnownPeers } from '../../../actors/knownPeers';
import { createNodeSystem } from '../../../actors/nodeSystem';
import { DEFAULT_NODE_CONFIG } from '../../../actors/nodeConfig';
import { MemoryStore } from '../../../store/memoryStore';
import { TransportError, TransportErrorCode } from '../../../transport/connection';
import { encodeMessageFrame } from '../../../wire';
import { ScriptedConnection } from '../../helpers/scriptedConnection';
import { remoteHello } from '../../helpers/peerHarness';

const LOCAL_ID = new Uint8Array(64).fill(9);

describe('node system', () => {
  it('cuts every connection when its supervisor fails, so no socket outlives it', async () => {
    const clock = new SimulatedClock();
    const chain = await ChainManager.open(new MemoryStore());
    const known = new KnownPeers({ localNodeId: LOCAL_ID });
    // A registry that breaks on the first admitted peer: the known-peers actor fails, and with it its parent.
    const registry: RegistryPort = Object.assign(Object.create(known) as KnownPeers, {
      peerConnected: () => {
        throw new Error('registry broke');
      },
    });
    const system = createNodeSystem({
      config: { ...DEFAULT_NODE_CONFIG, dial: false },
      nodeId: LOCAL_ID,
      listenPort: 30303,
      chain,
      pool: new TransactionPool(),
      registry,
      dial: () => Promise.reject(new TransportError(TransportErrorCode.Dial, 'no dialling here')),
      clock,
      now: () => clock.now(),
    });
    const waiting = new ScriptedConnection();
    const admitted = new ScriptedConnection();
    system.accept(waiting, 'inbound');
    system.accept(admitted, 'inbound');
    expect(system.status().peers).toHaveLength(2);
    admitted.deliver(encodeMessageFrame(remoteHello(1)));
    await system.done;
    expect([waiting.isClosed, admitted.isClosed]).toEqual([true, true]);
  });
});
