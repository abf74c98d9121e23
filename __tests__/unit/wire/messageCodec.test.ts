import {
  COMMAND_NAMES,
  Command,
  FrameDecoder,
  SYNC_TOKEN,
  WireError,
  WireErrorCode,
  blockToRlp,
  decodeMessage,
  encodeMessage,
  encodeMessageFrame,
  encodeRlp,
  encodeUint,
  messageToRlp,
} from '../../../wire';
import type { CommandName, Message, WireErrorCode as WireErrorCodeType } from '../../../wire';
import { fromHex, toHex } from '../../helpers/vectors';
import { chainBlockRlps, chainBlocks, exampleMessages } from './examples';

function codeOf(fn: () => unknown): WireErrorCodeType {
  try {
    fn();
  } catch (err: unknown) {
    if (err instanceof WireError) return err.code;
    throw err;
  }
  throw new Error('expected a WireError');
}

describe('encode → decode of every message type', () => {
  it('has an example for every command', () => {
    const covered = new Set(exampleMessages.map(([, m]) => m.command));
    expect([...covered].sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it.each(exampleMessages)('%s decodes back to the same message', (_name, m) => {
    expect(decodeMessage(encodeMessage(m))).toEqual(m);
  });

  it.each(exampleMessages)(
    '%s as a frame has the sync token, the payload size and its payload',
    (_name, m) => {
      const frame = encodeMessageFrame(m);
      const view = new DataView(frame.buffer, frame.byteOffset, frame.length);
      expect(view.getUint32(0)).toBe(SYNC_TOKEN);
      expect(view.getUint32(4)).toBe(frame.length - 8);
      expect(toHex(frame.subarray(8))).toBe(toHex(encodeMessage(m)));
      const { frames, error } = new FrameDecoder().push(frame);
      expect(error).toBeUndefined();
      expect(frames.map(decodeMessage)).toEqual([m]);
    },
  );

  it.each(exampleMessages)('%s starts its payload with its command id, canonical', (_name, m) => {
    const [head] = messageToRlp(m);
    const id = Command[m.command];
    expect(head).toEqual(id === 0 ? new Uint8Array(0) : Uint8Array.of(id));
  });
});

describe('exact bytes written', () => {
  it.each<[string, Message, string]>([
    ['Ping', { command: 'Ping' }, 'c102'],
    ['Pong', { command: 'Pong' }, 'c103'],
    ['GetPeers', { command: 'GetPeers' }, 'c110'],
    ['GetTransactions', { command: 'GetTransactions' }, 'c116'],
    ['an empty Peers', { command: 'Peers', peers: [] }, 'c111'],
    ['Disconnect(Client quitting)', { command: 'Disconnect', reason: 8 }, 'c20108'],
    [
      'Disconnect(Disconnect requested): reason 0 as the empty string',
      { command: 'Disconnect', reason: 0 },
      'c20180',
    ],
    ['Disconnect without a reason', { command: 'Disconnect', reason: undefined }, 'c101'],
    [
      'GetChain with count 0 as the empty string',
      { command: 'GetChain', parents: [new Uint8Array(32)], count: 0 },
      'e314a0' + '00'.repeat(32) + '80',
    ],
  ])('%s', (_name, m, hex) => {
    expect(toHex(encodeMessage(m))).toBe(hex);
  });

  it('writes Hello fields canonically: version 8, network 0 as the empty string, port 30303 as "v_"', () => {
    const m = exampleMessages.find(([n]) => n.startsWith('Hello (cpp'))![1];
    // [0x00 → 80, 08, 0 → 80, 'pocnode/0.1.0', 07, 'v_', 64-byte id]
    expect(toHex(encodeMessage(m))).toBe(
      'f857800880' + '8d' + toHex(Buffer.from('pocnode/0.1.0')) + '07' + '82765f' + 'b840' + '42'.repeat(64),
    );
  });

  it('writes each real block of chain.json byte for byte as cpp-ethereum sent it', () => {
    chainBlocks.forEach((b, i) => expect(toHex(encodeRlp(blockToRlp(b)))).toBe(toHex(chainBlockRlps[i]!)));
  });
});

describe('lenient integers in handshake fields', () => {
  it('reads Hello version, network id, capabilities and port with leading zero bytes', () => {
    // [0x00, 0x0008, 0x00, 'x', 0x0007, 0x00765f]
    const m = decodeMessage(fromHex('cd' + '80' + '820008' + '00' + '78' + '820007' + '8300765f'));
    expect(m).toMatchObject({ protocolVersion: 8, networkId: 0, capabilities: 7, listenPort: 30303 });
  });

  it('reads a Disconnect reason written as \\x00 and a command id with a leading zero', () => {
    expect(decodeMessage(fromHex('c20100'))).toEqual({ command: 'Disconnect', reason: 0 });
    expect(decodeMessage(fromHex('c3820002'))).toEqual({ command: 'Ping' });
  });

  it('reads a GetChain count with a leading zero byte', () => {
    expect(decodeMessage(fromHex('e514a0' + '00'.repeat(32) + '820020'))).toMatchObject({ count: 32 });
  });
});

describe('unknown command ids', () => {
  it.each([0x04, 0x0f, 0x17, 0x20, 0x7f, 0x80, 0xff, 0x1234, 0xffffffff])(
    'refuses command %i with WIRE_UNKNOWN_COMMAND',
    (id) => {
      const known = new Set<number>(COMMAND_NAMES.map((n: CommandName) => Command[n]));
      expect(known.has(id)).toBe(false);
      const payload = encodeRlp([encodeUint(id)]);
      expect(codeOf(() => decodeMessage(payload))).toBe(WireErrorCode.UnknownCommand);
    },
  );

  it('refuses a command id wider than 4 bytes with WIRE_UNKNOWN_COMMAND', () => {
    expect(codeOf(() => decodeMessage(fromHex('c6850100000002')))).toBe(WireErrorCode.UnknownCommand);
  });

  it('refuses a list where the command id should be with WIRE_BAD_RLP', () => {
    expect(codeOf(() => decodeMessage(fromHex('c2c102')))).toBe(WireErrorCode.BadRlp);
  });
});
