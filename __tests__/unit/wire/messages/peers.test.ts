import { readFileSync } from 'node:fs';
import {
  WireError,
  WireErrorCode,
  decodeMessage,
  encodeMessage,
  encodeRlp,
  encodeUint,
} from '../../../../wire';
import type { RlpItem } from '../../../../wire';
import { parsePythonList } from '../../../../tools/parsePythonList';
import { SEED_FILE, toHex } from '../../../helpers/vectors';

const ID = Uint8Array.from({ length: 64 }, (_, i) => i);
const u = encodeUint;
const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

function peersPayload(...entries: RlpItem[]): Uint8Array {
  return encodeRlp([u(0x11), ...entries]);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err: unknown) {
    if (err instanceof WireError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('Peers ip addresses', () => {
  it("are written as the list of four one-byte strings of the seed's example ['6', '\\xcc', '\\n', ')']", () => {
    const text = readFileSync(SEED_FILE, 'latin1');
    const at = text.indexOf('IPs look like this: [') + 'IPs look like this: '.length;
    const seedIp = parsePythonList(text, at).values;
    expect(seedIp.map((v) => (v instanceof Uint8Array ? [...v] : v))).toEqual([[54], [204], [10], [41]]);
    const payload = encodeMessage({
      command: 'Peers',
      peers: [{ ip: '54.204.10.41', port: 30303, nodeId: ID }],
    });
    expect(toHex(payload)).toBe(toHex(peersPayload([seedIp as Uint8Array[], u(30303), ID])));
    expect(toHex(payload)).toContain('c53681cc0a29');
  });

  it('write a zero octet as the one-byte string \\x00 (chr(0), as pyethereum did)', () => {
    const payload = encodeMessage({ command: 'Peers', peers: [{ ip: '10.0.0.1', port: 1, nodeId: ID }] });
    expect(toHex(payload)).toContain('c40a000001');
  });

  it('are read from a list of one-byte strings, an empty string standing for a zero octet', () => {
    const m = decodeMessage(
      peersPayload([[bytes(10), new Uint8Array(0), bytes(0), bytes(255)], u(30303), ID]),
    );
    expect(m).toEqual({ command: 'Peers', peers: [{ ip: '10.0.0.255', port: 30303, nodeId: ID }] });
  });

  it('are read from one 4-byte string too', () => {
    const m = decodeMessage(peersPayload([bytes(127, 0, 0, 1), u(30303), ID], [bytes(1, 2, 3, 4), u(7), ID]));
    expect(m).toEqual({
      command: 'Peers',
      peers: [
        { ip: '127.0.0.1', port: 30303, nodeId: ID },
        { ip: '1.2.3.4', port: 7, nodeId: ID },
      ],
    });
  });

  it('read a port with a leading zero byte leniently', () => {
    const m = decodeMessage(peersPayload([bytes(1, 2, 3, 4), bytes(0, 0x76, 0x5f), ID]));
    expect(m).toMatchObject({ peers: [{ port: 30303 }] });
  });

  it.each<[string, RlpItem]>([
    ['an ip of 3 bytes', [bytes(1, 2, 3), u(1), ID]],
    ['an ip of 5 bytes', [bytes(1, 2, 3, 4, 5), u(1), ID]],
    ['an ip list of 3 octets', [[bytes(1), bytes(2), bytes(3)], u(1), ID]],
    ['an ip list of 5 octets', [[bytes(1), bytes(2), bytes(3), bytes(4), bytes(5)], u(1), ID]],
    ['an octet of 2 bytes', [[bytes(1), bytes(2), bytes(3), bytes(1, 4)], u(1), ID]],
    ['an octet that is a list', [[bytes(1), bytes(2), bytes(3), [bytes(4)]], u(1), ID]],
    ['a port above 65535', [bytes(1, 2, 3, 4), u(65536), ID]],
    ['a port that is a list', [bytes(1, 2, 3, 4), [u(1)], ID]],
    ['a node id that is a list', [bytes(1, 2, 3, 4), u(1), [ID]]],
    ['an entry of 2 fields', [bytes(1, 2, 3, 4), u(1)]],
    ['an entry of 4 fields', [bytes(1, 2, 3, 4), u(1), ID, ID]],
    ['an entry that is a byte string', ID],
  ])('refuse %s with WIRE_MALFORMED_MESSAGE', (_name, entry) => {
    expect(codeOf(() => decodeMessage(peersPayload(entry)))).toBe(WireErrorCode.MalformedMessage);
  });

  it.each(['1.2.3', '1.2.3.4.5', '256.0.0.1', '1..2.3', '1.2.3.', 'a.b.c.d', '-1.2.3.4'])(
    'are not written from the invalid address %s (a programming error, not a wire error)',
    (ip) => {
      expect(() => encodeMessage({ command: 'Peers', peers: [{ ip, port: 1, nodeId: ID }] })).toThrow(
        RangeError,
      );
    },
  );
});
