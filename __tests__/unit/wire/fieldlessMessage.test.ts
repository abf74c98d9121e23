import { Command, decodeMessage, encodeMessage, fieldlessMessage } from '../../../wire';
import type { Message } from '../../../wire';

/*
 * fieldlessMessage: the field-less commands' payloads (`c1 <id>`) recognised by their two bytes, as
 * decodeMessage's fast path and the load generators in tools/bench use it.
 */
describe('fieldlessMessage', () => {
  const fieldless = ['Ping', 'Pong', 'GetPeers', 'GetTransactions'] as const;

  it.each(fieldless)('returns the %s message for its payload, the one decodeMessage returns', (command) => {
    const payload = Uint8Array.of(0xc1, Command[command]);
    expect(encodeMessage({ command })).toEqual(payload);
    const m = fieldlessMessage(payload);
    expect(m).toEqual({ command });
    expect(decodeMessage(payload)).toBe(m);
  });

  it('returns undefined for the payload of a message with fields', () => {
    const others: Message[] = [
      { command: 'Transactions', transactions: [] },
      { command: 'Disconnect', reason: 0 },
    ];
    for (const m of others) expect(fieldlessMessage(encodeMessage(m))).toBeUndefined();
  });

  it('returns undefined for a 2-byte payload that is not c1 <field-less id>', () => {
    for (const payload of [
      Uint8Array.of(0xc1, Command.Hello),
      Uint8Array.of(0xc1, Command.Transactions),
      Uint8Array.of(0xc2, Command.Ping),
      Uint8Array.of(0x02, 0x03),
      Uint8Array.of(0x00, 0x00),
    ]) {
      expect(fieldlessMessage(payload)).toBeUndefined();
    }
  });

  it('returns undefined for payloads of other lengths', () => {
    expect(fieldlessMessage(new Uint8Array(0))).toBeUndefined();
    expect(fieldlessMessage(Uint8Array.of(0xc1))).toBeUndefined();
    expect(fieldlessMessage(Uint8Array.of(0xc1, Command.Ping, 0x00))).toBeUndefined();
  });
});
