import { isIP } from 'node:net';

import type { Bootnode, LogLevel } from '../actors/nodeConfig';
import { LOG_LEVELS } from '../actors/nodeConfig';

/** A raw option value (flag, env var or ini value) checked and converted, or what would have been allowed. */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly expected: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(expected: string): Parsed<T> => ({ ok: false, expected });

/** Plain decimal digits only: `0x10`, `1e3`, `+5`, ` 5` and `5.0` are refused rather than guessed at. */
const DECIMAL = /^[0-9]+$/;
const MAX_PORT = 65535;

function parseDecimal(raw: string): number | undefined {
  if (!DECIMAL.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : undefined;
}

export function parsePort(raw: string): Parsed<number> {
  const value = parseDecimal(raw);
  return value !== undefined && value <= MAX_PORT ? ok(value) : bad(`a port number 0-${MAX_PORT}`);
}

export function parsePositiveInteger(raw: string): Parsed<number> {
  const value = parseDecimal(raw);
  return value !== undefined && value > 0 ? ok(value) : bad('a positive integer');
}

/** Network ids start at 0 (the 2014 clients' network), so 0 is allowed here. */
export function parseNonNegativeInteger(raw: string): Parsed<number> {
  const value = parseDecimal(raw);
  return value !== undefined ? ok(value) : bad('an integer >= 0');
}

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function isHost(raw: string): boolean {
  return isIP(raw) !== 0 || HOST_NAME.test(raw);
}

export function parseHost(raw: string): Parsed<string> {
  return isHost(raw) ? ok(raw) : bad('an IP address or a host name');
}

/**
 * `host:port,host:port,…`; an IPv6 address is written in brackets (`[::1]:30303`). Port 0 means "not
 * listening" in Hello, so it cannot be dialled. The empty string is the empty list.
 */
export function parseBootnodes(raw: string): Parsed<readonly Bootnode[]> {
  const expected = 'a comma-separated list of host:port (port 1-65535, IPv6 as [addr]:port)';
  if (raw.trim() === '') return ok([]);
  const nodes: Bootnode[] = [];
  for (const entry of raw.split(',')) {
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):([0-9]+)$/.exec(entry.trim());
    if (match === null) return bad(expected);
    const host = match[1] ?? match[2] ?? '';
    const port = parseDecimal(match[3] ?? '');
    if (match[1] !== undefined && isIP(host) !== 6) return bad(expected);
    if (!isHost(host) || port === undefined || port < 1 || port > MAX_PORT) return bad(expected);
    nodes.push({ host, port });
  }
  return ok(nodes);
}

export function parseLogLevel(raw: string): Parsed<LogLevel> {
  const level = LOG_LEVELS.find((candidate) => candidate === raw);
  return level !== undefined ? ok(level) : bad(`one of ${LOG_LEVELS.join(', ')}`);
}

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

export function parseBoolean(raw: string): Parsed<boolean> {
  const word = raw.toLowerCase();
  if (TRUE_WORDS.includes(word)) return ok(true);
  if (FALSE_WORDS.includes(word)) return ok(false);
  return bad('true or false (also yes/no, on/off, 1/0)');
}

/** Printable ASCII: the client id goes into every Hello, and the 2014 clients printed it as text. */
export function parseClientId(raw: string): Parsed<string> {
  return /^[\x20-\x7e]{1,255}$/.test(raw) ? ok(raw) : bad('1-255 printable ASCII characters');
}

export function parsePath(raw: string): Parsed<string> {
  return raw !== '' && !raw.includes('\0') ? ok(raw) : bad('a non-empty path');
}
