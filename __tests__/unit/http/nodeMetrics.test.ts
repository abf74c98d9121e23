import type { Registry } from 'prom-client';

import { createNodeMetrics } from '../../../actors/nodeMetrics';
import type { CommandName } from '../../../wire';
import { DisconnectReason, FrameDecoder, WireErrorCode, decodeMessage } from '../../../wire';
import { loadSession } from '../../helpers/vectors';
import { FakeStatusSource } from './fakeStatusSource';

/** The value of one series, or undefined when the metric or label set does not exist. */
async function valueOf(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return undefined;
  const { values } = await metric.get();
  const match = values.find((v) =>
    Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want),
  );
  return match?.value;
}

describe('createNodeMetrics', () => {
  it('counts the frames and bytes of the real cpp-ethereum session by direction and command', async () => {
    const metrics = createNodeMetrics({ defaultMetrics: false });
    const expected = new Map<string, { frames: number; bytes: number }>();
    for (const { dir, cmd, frame } of loadSession()) {
      // The command comes from our codec; the capture's own label is the expectation.
      const decoded = new FrameDecoder().push(frame);
      expect(decoded.error).toBeUndefined();
      const command: CommandName = decodeMessage(decoded.frames[0]!).command;
      expect(command).toBe(cmd);
      if (dir === 'in') metrics.frameIn(1, command, frame.length);
      else metrics.frameOut(1, command, frame.length);
      const key = `${dir}/${cmd}`;
      const sum = expected.get(key) ?? { frames: 0, bytes: 0 };
      expected.set(key, { frames: sum.frames + 1, bytes: sum.bytes + frame.length });
    }
    expect(expected.size).toBeGreaterThan(8);
    for (const [key, want] of expected) {
      const [direction = '', command = ''] = key.split('/');
      expect(await valueOf(metrics.registry, 'pocnode_frames_total', { direction, command })).toBe(
        want.frames,
      );
      expect(await valueOf(metrics.registry, 'pocnode_frame_bytes_total', { direction, command })).toBe(
        want.bytes,
      );
    }
    // Series for commands never seen exist at zero: they were bound up front.
    expect(
      await valueOf(metrics.registry, 'pocnode_frames_total', { direction: 'in', command: 'NotInChain' }),
    ).toBe(0);
  });

  it('counts disconnects by reason name and side, and codec errors by code', async () => {
    const metrics = createNodeMetrics({ defaultMetrics: false });
    metrics.connectionClosed(1, 'local', DisconnectReason.BadProtocol, 'inbound');
    metrics.connectionClosed(2, 'local', DisconnectReason.BadProtocol, 'outbound');
    metrics.connectionClosed(3, 'remote', DisconnectReason.ClientQuitting, 'outbound');
    metrics.connectionClosed(4, 'remote', undefined, 'inbound');
    metrics.connectionClosed(5, 'remote', 0x7f, 'inbound');
    metrics.wireError(1, WireErrorCode.BadSyncToken);
    metrics.wireError(2, WireErrorCode.BadSyncToken);
    metrics.wireError(3, WireErrorCode.FrameTooLarge);

    const r = metrics.registry;
    expect(await valueOf(r, 'pocnode_disconnects_total', { reason: 'BadProtocol', by: 'local' })).toBe(2);
    expect(await valueOf(r, 'pocnode_disconnects_total', { reason: 'BadProtocol', by: 'remote' })).toBe(0);
    expect(await valueOf(r, 'pocnode_disconnects_total', { reason: 'ClientQuitting', by: 'remote' })).toBe(1);
    expect(await valueOf(r, 'pocnode_disconnects_total', { reason: 'none', by: 'remote' })).toBe(1);
    expect(await valueOf(r, 'pocnode_disconnects_total', { reason: 'unknown', by: 'remote' })).toBe(1);
    expect(await valueOf(r, 'pocnode_wire_errors_total', { code: WireErrorCode.BadSyncToken })).toBe(2);
    expect(await valueOf(r, 'pocnode_wire_errors_total', { code: WireErrorCode.FrameTooLarge })).toBe(1);
    expect(await valueOf(r, 'pocnode_wire_errors_total', { code: WireErrorCode.BadRlp })).toBe(0);
  });

  it('observes handshake durations in seconds and transport bytes as chunks', async () => {
    const metrics = createNodeMetrics({ defaultMetrics: false });
    metrics.handshakeCompleted(1, 16);
    metrics.handshakeCompleted(2, 3000);
    metrics.chunkIn(1, new Uint8Array(100));
    metrics.chunkIn(1, new Uint8Array(20));
    metrics.chunkOut(1, new Uint8Array(7));
    const r = metrics.registry;
    expect(await valueOf(r, 'pocnode_handshake_duration_seconds', { le: '0.025' })).toBe(1);
    expect(await valueOf(r, 'pocnode_handshake_duration_seconds', { le: '5' })).toBe(2);
    expect(await valueOf(r, 'pocnode_transport_bytes_total', { direction: 'in' })).toBe(120);
    expect(await valueOf(r, 'pocnode_transport_bytes_total', { direction: 'out' })).toBe(7);
  });

  it('reads peers by state and direction, pool, head and orphans from the status source at scrape time', async () => {
    const source = new FakeStatusSource();
    const metrics = createNodeMetrics({ source: () => source.status(), defaultMetrics: false });
    source.open(1, 'inbound', '10.0.0.1:1');
    source.open(2, 'outbound', '10.0.0.2:2');
    source.open(3, 'outbound', '10.0.0.3:3');
    source.move(2, { active: 'idle' });
    source.move(3, { active: 'pinging' });
    source.txPool = 7;

    const r = metrics.registry;
    expect(await valueOf(r, 'pocnode_peers', { state: 'active', direction: 'outbound' })).toBe(2);
    expect(await valueOf(r, 'pocnode_peers', { state: 'awaitingHello', direction: 'inbound' })).toBe(1);
    expect(await valueOf(r, 'pocnode_peers', { state: 'disconnecting', direction: 'inbound' })).toBe(0);
    expect(await valueOf(r, 'pocnode_tx_pool_size')).toBe(7);
    expect(await valueOf(r, 'pocnode_head_height')).toBe(10);
    expect(await valueOf(r, 'pocnode_known_peers')).toBe(3);
    expect(await valueOf(r, 'pocnode_orphans')).toBe(1);

    source.move(3, 'closed');
    expect(await valueOf(r, 'pocnode_peers', { state: 'active', direction: 'outbound' })).toBe(1);
  });

  it('tracks peers from the observer hooks when no status source is given', async () => {
    const metrics = createNodeMetrics({ defaultMetrics: false });
    metrics.connectionOpened(1, 'inbound', '10.0.0.1:1');
    metrics.connectionOpened(2, 'inbound', '10.0.0.2:2');
    metrics.peerState(2, 'active', { active: 'idle' });
    const r = metrics.registry;
    expect(await valueOf(r, 'pocnode_peers', { state: 'awaitingHello', direction: 'inbound' })).toBe(1);
    expect(await valueOf(r, 'pocnode_peers', { state: 'active', direction: 'inbound' })).toBe(1);
    expect(await valueOf(r, 'pocnode_connections_total', { direction: 'inbound' })).toBe(2);
    metrics.connectionClosed(2, 'remote', DisconnectReason.ClientQuitting, 'inbound');
    expect(await valueOf(r, 'pocnode_peers', { state: 'active', direction: 'inbound' })).toBe(0);
  });

  it('includes Node.js default metrics, event-loop lag among them, in the Prometheus text', async () => {
    const metrics = createNodeMetrics({});
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^# TYPE pocnode_frames_total counter$/m);
    expect(text).toMatch(/^# TYPE pocnode_handshake_duration_seconds histogram$/m);
    expect(text).not.toMatch(/^pocnode_tx_pool_size/m);
  });
});
