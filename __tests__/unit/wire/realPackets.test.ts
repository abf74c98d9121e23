import { FrameDecoder, SYNC_TOKEN, decodeMessage, encodeMessageFrame } from '../../../wire';
import type { HelloMessage, Message } from '../../../wire';
import { loadSeedHellos, loadSession, toHex } from '../../helpers/vectors';

/**
 * The real packets: the two Hellos the seed's docstring quotes (parsed from the seed file itself) and every
 * frame of a session with cpp-ethereum v0.3.11. The codec must read what the 2014 clients wrote and write
 * exactly what they would have.
 */

function expectHello(m: Message): HelloMessage {
  if (m.command !== 'Hello') throw new Error(`expected Hello, got ${m.command}`);
  return m;
}

function decodeOneFrame(frame: Uint8Array): Message {
  const { frames, error } = new FrameDecoder().push(frame);
  expect(error).toBeUndefined();
  expect(frames).toHaveLength(1);
  return decodeMessage(frames[0]!);
}

describe("the seed's captured Hello packets", () => {
  const { cpp, py } = loadSeedHellos();

  it('are quoted with the sync token and are Hello packets', () => {
    expect(cpp.syncToken).toBe(SYNC_TOKEN);
    expect(py.syncToken).toBe(SYNC_TOKEN);
    expect(cpp.commandName).toBe('Hello');
    expect(py.commandName).toBe('Hello');
  });

  it('rebuild to payloads of exactly the sizes the capture states (116 and 27 bytes)', () => {
    expect(cpp.payload.length).toBe(116);
    expect(cpp.declaredSize).toBe(116);
    expect(py.payload.length).toBe(27);
    expect(py.declaredSize).toBe(27);
    expect(cpp.frame.length).toBe(8 + 116);
    expect(toHex(cpp.frame.subarray(0, 8))).toBe('2240089100000074');
    expect(toHex(py.frame.subarray(0, 8))).toBe('224008910000001b');
  });

  it("decodes cpp-ethereum v0.3.11's Hello in the capabilities-first order with its 64-byte node id", () => {
    const hello = expectHello(decodeOneFrame(cpp.frame));
    expect(hello).toEqual<HelloMessage>({
      command: 'Hello',
      protocolVersion: 8,
      networkId: 0,
      clientId: 'Ethereum(++)/v0.3.11/brew/Darwin/unknown',
      capabilities: 7,
      listenPort: 30303,
      nodeId: cpp.fields[5]!,
      fieldOrder: 'capabilitiesFirst',
    });
    expect(hello.nodeId).toHaveLength(64);
    expect(toHex(hello.nodeId!.subarray(0, 4))).toBe('c5fec6ea');
    // The literal's last characters are `$4+`; it also holds a quote (`Ot'`), which the parser must keep.
    expect(toHex(hello.nodeId!.subarray(61))).toBe('24342b');
    expect(hello.nodeId).toContain(0x27);
  });

  it("decodes pyethereum 0.0.1's Hello in the port-first order, reading network id \\x00 leniently", () => {
    expect(toHex(py.fields[1]!)).toBe('00');
    const hello = expectHello(decodeOneFrame(py.frame));
    expect(hello).toEqual<HelloMessage>({
      command: 'Hello',
      protocolVersion: 8,
      networkId: 0,
      clientId: 'Ethereum(py)/0.0.1',
      capabilities: 7,
      listenPort: 30306,
      nodeId: undefined,
      fieldOrder: 'portFirst',
    });
  });

  it("re-encodes cpp-ethereum's Hello to the captured bytes", () => {
    expect(toHex(encodeMessageFrame(decodeOneFrame(cpp.frame)))).toBe(toHex(cpp.frame));
  });

  it("re-encodes pyethereum's Hello canonically: network id 0 as the empty string, everything else unchanged", () => {
    const out = encodeMessageFrame(decodeOneFrame(py.frame));
    // The only difference is the lenient `\x00` (0x00) becoming the canonical empty string (0x80).
    expect(out.length).toBe(py.frame.length);
    const expected = Uint8Array.from(py.frame);
    expect(expected[11]).toBe(0x00);
    expected[11] = 0x80;
    expect(toHex(out)).toBe(toHex(expected));
  });
});

describe('a session with cpp-ethereum v0.3.11', () => {
  const session = loadSession();

  it('holds the frames its README describes', () => {
    expect(session.length).toBeGreaterThanOrEqual(20);
    expect(session.filter((f) => f.dir === 'in' && f.cmd === 'Hello')).toHaveLength(1);
  });

  it("decodes the client's real Hello", () => {
    const frame = session.find((f) => f.dir === 'in' && f.cmd === 'Hello')!;
    const hello = expectHello(decodeOneFrame(frame.frame));
    expect(hello.protocolVersion).toBe(8);
    expect(hello.networkId).toBe(0);
    expect(hello.clientId).toMatch(/^Ethereum\(\+\+\)\/v0\.3\.11\//);
    expect(hello.capabilities).toBe(7);
    expect(hello.listenPort).toBe(30303);
    expect(hello.nodeId).toHaveLength(64);
    expect(hello.fieldOrder).toBe('capabilitiesFirst');
  });

  it.each(session.map((f, i) => [i + 1, f.dir, f.cmd, f] as const))(
    'decodes frame %i (%s %s) as the command the capture names and re-encodes it byte for byte',
    (_n, _dir, cmd, f) => {
      const m = decodeOneFrame(f.frame);
      expect(m.command).toBe(cmd);
      expect(toHex(encodeMessageFrame(m))).toBe(toHex(f.frame));
    },
  );

  it('decodes the whole session fed as one stream, in order', () => {
    const stream = Buffer.concat(session.map((f) => f.frame));
    const { frames, error } = new FrameDecoder().push(stream);
    expect(error).toBeUndefined();
    expect(frames.map((p) => decodeMessage(p).command)).toEqual(session.map((f) => f.cmd));
  });
});
