import { Command } from '../constants';
import { malformed } from '../errors';
import { decodeUintLenient, encodeUint } from '../integers';
import type { RlpItem } from '../rlpItem';
import { expectBytes } from '../rlpItem';
import type { DisconnectMessage } from './types';

const NAME = 'Disconnect';

export function encodeDisconnect(m: DisconnectMessage): RlpItem[] {
  return m.reason === undefined
    ? [encodeUint(Command.Disconnect)]
    : [encodeUint(Command.Disconnect), encodeUint(m.reason)];
}

/** `[REASON]`, optional; an unknown code is kept as a number (logged as unknown, never fatal). */
export function decodeDisconnect(fields: RlpItem[]): DisconnectMessage {
  if (fields.length > 1) throw malformed(NAME, `expected at most 1 field, got ${fields.length}`);
  if (fields.length === 0) return { command: 'Disconnect', reason: undefined };
  return {
    command: 'Disconnect',
    reason: decodeUintLenient(expectBytes(fields[0], NAME, 'reason'), NAME, 'reason', 1),
  };
}
