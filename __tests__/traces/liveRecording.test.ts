import { DEFAULT_NODE_CONFIG } from '../../actors/nodeConfig';
import { openNodeCore } from '../../actors/nodeCore';
import type { NodeCore } from '../../actors/nodeCore';
import { MemoryStore } from '../../store/memoryStore';
import { dialTcp, listenTcp } from '../../transport';
import { createTraceRecorder, readTrace, replayTrace, traceHeaderFor } from '../../trace';
import { FrameDecoder, decodeMessage, encodeMessageFrame } from '../../wire';
import type { Message } from '../../wire';
import { loadSeedHellos } from '../helpers/vectors';
import { tempDirPerTest } from '../helpers/tempDir';

/**
 * The recorder on a real node: real TCP on 127.0.0.1 port 0, real timers (none fires: every step
 * awaits the node's answer). The trace it writes must replay identically on the simulated clock.
 */
describe('a trace recorded from a live node over TCP', () => {
  const tempDir = tempDirPerTest('pocnode-live-trace-');

  it('replays identically', async () => {
    const config = { ...DEFAULT_NODE_CONFIG, clientId: 'pocnode/live-test', dial: false };
    const nodeId = new Uint8Array(64).fill(7);
    const node: { core?: NodeCore } = {};
    const listener = await listenTcp({
      host: '127.0.0.1',
      port: 0,
      // The node exists before anyone dials.
      onConnection: (c) => node.core!.accept(c, 'inbound'),
    });
    const header = traceHeaderFor({ config, nodeId, listenPort: listener.port });
    const recorder = createTraceRecorder({ dir: tempDir(), header, now: () => Date.now() });
    const core = await openNodeCore({
      store: new MemoryStore(),
      config,
      nodeId,
      listenPort: listener.port,
      dial: () => Promise.reject(new Error('no dialing')),
      now: () => Date.now(),
      observer: recorder.observer,
    });
    node.core = core;
    const closedOnNode = new Promise<void>((resolve) =>
      core.onPeerState((change) => change.state === 'closed' && resolve()),
    );

    const client = await dialTcp({ host: '127.0.0.1', port: listener.port });
    const decoder = new FrameDecoder();
    const got: Message[] = [];
    const waiters: Array<() => void> = [];
    let clientClosed: (() => void) | undefined;
    const closed = new Promise<void>((resolve) => (clientClosed = resolve));
    client.start({
      data: (chunk) => {
        for (const frame of decoder.push(chunk).frames) got.push(decodeMessage(frame));
        waiters.splice(0).forEach((w) => w());
      },
      closed: () => clientClosed?.(),
    });
    const until = async (command: string): Promise<void> => {
      while (!got.some((m) => m.command === command)) await new Promise<void>((r) => waiters.push(r));
    };

    client.write(loadSeedHellos().cpp.frame);
    await until('GetTransactions');
    client.write(encodeMessageFrame({ command: 'Ping' }));
    await until('Pong');
    client.write(encodeMessageFrame({ command: 'Disconnect', reason: 8 }));
    await Promise.all([closed, closedOnNode]);
    await core.stop();
    await recorder.close();
    await listener.close();

    expect(got.map((m) => m.command)).toEqual(['Hello', 'GetPeers', 'GetChain', 'GetTransactions', 'Pong']);
    const trace = await readTrace(recorder.path);
    expect(trace.header.node.listenPort).toBe(listener.port);
    expect(trace.events.map((e) => e.event.ev)).toContain('close');
    expect(await replayTrace(recorder.path)).toMatchObject({ identical: true, connections: 1 });
  });
});
