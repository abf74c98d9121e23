import { createChunkDescriber, describeMessage, describeTraceEvent } from '../../../trace';
import { decodeMessage, encodeMessageFrame } from '../../../wire';
import { loadSeedHellos, loadSession, toHex } from '../../helpers/vectors';

describe('describing trace events', () => {
  it('names messages the way a person reads them', () => {
    expect(describeMessage({ command: 'Disconnect', reason: 2 })).toBe('Disconnect(Bad protocol)');
    expect(describeMessage({ command: 'Disconnect', reason: undefined })).toBe('Disconnect(no reason given)');
    expect(describeMessage({ command: 'Pong' })).toBe('Pong');
    expect(describeMessage(decodeMessage(loadSeedHellos().py.payload))).toBe(
      'Hello{client=Ethereum(py)/0.0.1,version=8,network=0,caps=7,port=30306,node=none}',
    );
    expect(describeMessage({ command: 'Peers', peers: [] })).toBe('Peers[0]');
  });

  it('names the blocks of a real Blocks message by their hashes', () => {
    const blocks = loadSession().find((f) => f.cmd === 'Blocks')!;
    expect(describeTraceEvent({ t: 0, conn: 1, ev: 'in', hex: toHex(blocks.frame) })).toMatch(
      /^in Blocks\[4: [0-9a-f]{8}…, [0-9a-f]{8}…, [0-9a-f]{8}…, … 1 more\]$/,
    );
  });

  it('describes a stream chunk by chunk, naming a split frame where it completes', () => {
    const describe = createChunkDescriber();
    const hello = loadSeedHellos().cpp.frame;
    const ping = encodeMessageFrame({ command: 'Ping' });
    expect(describe(toHex(hello.subarray(0, 30)))).toBe('30 bytes of a frame');
    expect(describe(toHex(hello.subarray(30)) + toHex(ping) + toHex(ping.subarray(0, 3)))).toMatch(
      /^Hello\{client=Ethereum\(\+\+\)\/v0\.3\.11\/brew\/Darwin\/unknown,.*\}, Ping, the start of another frame$/,
    );
    const http = createChunkDescriber();
    expect(http(toHex(new TextEncoder().encode('GET / HTTP/1.1\r\n')))).toBe(
      'bad bytes (WIRE_BAD_SYNC_TOKEN)',
    );
    expect(http('00')).toBe('1 byte after a bad frame');
  });

  it('shows states as values and closes by side', () => {
    expect(describeTraceEvent({ t: 0, conn: 1, ev: 'state', value: { active: 'pinging' } })).toBe(
      'state {"active":"pinging"}',
    );
    expect(describeTraceEvent({ t: 0, conn: 1, ev: 'close', by: 'remote' })).toBe('close by remote');
  });
});
