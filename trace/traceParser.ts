import { readFile } from 'node:fs/promises';
import { NODE_ID_BYTES } from '../wire';
import { TraceError, TraceErrorCode } from './traceError';
import type {
  Trace,
  TraceChain,
  TraceConfig,
  TraceEvent,
  TraceHeader,
  TraceNode,
  TraceStateValue,
} from './traceFormat';
import { TRACE_FORMAT_VERSION } from './traceFormat';
import { genesisOfTrace } from './traceGenesis';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const HEX = /^(?:[0-9a-f]{2})*$/;

function parseLine(text: string, line: number): Json {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err: unknown) {
    throw new TraceError(TraceErrorCode.BadJson, 'not JSON', line, { cause: err });
  }
  if (!isObject(value)) throw new TraceError(TraceErrorCode.BadJson, 'not a JSON object', line);
  return value;
}

function parseHeader(o: Json): TraceHeader {
  const bad = (why: string): never => {
    throw new TraceError(TraceErrorCode.BadHeader, why, 1);
  };
  if (o.pocnodeTrace !== TRACE_FORMAT_VERSION) bad(`expected "pocnodeTrace":${TRACE_FORMAT_VERSION}`);
  const n = o.node;
  const c = o.config;
  if (!isObject(n)) return bad('no "node" object');
  if (!isObject(c)) return bad('no "config" object');
  if (typeof n.clientId !== 'string') bad('node.clientId is not a string');
  if (typeof n.nodeId !== 'string' || n.nodeId.length !== NODE_ID_BYTES * 2 || !HEX.test(n.nodeId))
    bad(`node.nodeId is not ${NODE_ID_BYTES} bytes of lower-case hex`);
  for (const key of ['networkId', 'protocolVersion', 'capabilities', 'listenPort'] as const)
    if (!isCount(n[key])) bad(`node.${key} is not a non-negative integer`);
  if ((n.listenPort as number) > 0xffff) bad('node.listenPort is not a port');
  const required = [
    'helloTimeoutMs',
    'pingIntervalMs',
    'pingTimeoutMs',
    'disconnectGraceMs',
    'maxFrameBytes',
    'maxPeers',
    'maxPendingHandshakes',
  ] as const;
  for (const key of required) if (!isCount(c[key])) bad(`config.${key} is not a non-negative integer`);
  if (c.maxPendingWriteBytes !== undefined && !isCount(c.maxPendingWriteBytes))
    bad('config.maxPendingWriteBytes is not a non-negative integer');
  // Unknown extra fields are kept out but allowed: later versions may add some (CONTRACT.md preamble).
  const node: TraceNode = {
    clientId: n.clientId as string,
    nodeId: n.nodeId as string,
    networkId: n.networkId as number,
    protocolVersion: n.protocolVersion as number,
    capabilities: n.capabilities as number,
    listenPort: n.listenPort as number,
  };
  const config: TraceConfig = {
    helloTimeoutMs: c.helloTimeoutMs as number,
    pingIntervalMs: c.pingIntervalMs as number,
    pingTimeoutMs: c.pingTimeoutMs as number,
    disconnectGraceMs: c.disconnectGraceMs as number,
    maxFrameBytes: c.maxFrameBytes as number,
    maxPeers: c.maxPeers as number,
    maxPendingHandshakes: c.maxPendingHandshakes as number,
    ...(isCount(c.maxPendingWriteBytes) && { maxPendingWriteBytes: c.maxPendingWriteBytes }),
  };
  const chain = o.chain === undefined ? undefined : parseChain(o.chain);
  return { pocnodeTrace: TRACE_FORMAT_VERSION, node, config, ...(chain && { chain }) };
}

/** The header's optional `chain`: a genesis whose RLP must rebuild to the hash it names. */
function parseChain(c: unknown): TraceChain {
  const bad = (why: string): never => {
    throw new TraceError(TraceErrorCode.BadHeader, why, 1);
  };
  if (!isObject(c)) return bad('"chain" is not an object');
  if (typeof c.genesisHash !== 'string' || c.genesisHash.length !== 64 || !HEX.test(c.genesisHash))
    bad('chain.genesisHash is not 32 bytes of lower-case hex');
  if (typeof c.genesisRlp !== 'string' || c.genesisRlp === '' || !HEX.test(c.genesisRlp))
    bad('chain.genesisRlp is not lower-case hex bytes');
  const chain: TraceChain = { genesisHash: c.genesisHash as string, genesisRlp: c.genesisRlp as string };
  // Checked here, so a bad genesis is an unusable header (exit 2), not a divergence.
  genesisOfTrace(chain);
  return chain;
}

function isStateValue(v: unknown, depth = 0): v is TraceStateValue {
  if (typeof v === 'string') return v.length > 0;
  if (!isObject(v) || depth > 8) return false;
  const entries = Object.entries(v);
  return entries.length > 0 && entries.every(([, inner]) => isStateValue(inner, depth + 1));
}

/** `host:port`, the host possibly an IPv6 address (the port is after the last colon). */
export function splitRemote(remote: string): { host: string; port: number } | undefined {
  const at = remote.lastIndexOf(':');
  if (at <= 0) return undefined;
  const port = Number(remote.slice(at + 1));
  if (!Number.isInteger(port) || port < 0 || port > 0xffff || remote.slice(at + 1) === '') return undefined;
  return { host: remote.slice(0, at), port };
}

function parseEvent(o: Json, line: number): TraceEvent {
  const bad = (why: string): never => {
    throw new TraceError(TraceErrorCode.BadEvent, why, line);
  };
  const t = o.t;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) return bad('"t" is not a time in ms');
  const ev = o.ev;
  if (typeof ev !== 'string') return bad('no "ev"');
  const conn = (): number => (isCount(o.conn) && o.conn > 0 ? o.conn : bad('"conn" is not a connection id'));
  const hexOf = (): string =>
    typeof o.hex === 'string' && HEX.test(o.hex) ? o.hex : bad('"hex" is not lower-case hex bytes');
  switch (ev) {
    case 'open': {
      if (o.dir !== 'in' && o.dir !== 'out') return bad('"dir" is not "in" or "out"');
      if (typeof o.remote !== 'string' || !splitRemote(o.remote)) return bad('"remote" is not host:port');
      return { t, conn: conn(), ev, dir: o.dir, remote: o.remote };
    }
    case 'in':
    case 'out':
      return { t, conn: conn(), ev, hex: hexOf() };
    case 'state':
      if (!isStateValue(o.value)) return bad('"value" is not a state value');
      return { t, conn: conn(), ev, value: o.value };
    case 'close':
      if (o.by !== 'local' && o.by !== 'remote') return bad('"by" is not "local" or "remote"');
      return { t, conn: conn(), ev, by: o.by };
    case 'stop':
    case 'end':
      return { t, ev };
    case 'dropped':
      if (!isCount(o.count)) return bad('"count" is not a count');
      return { t, ev, count: o.count };
    default:
      throw new TraceError(TraceErrorCode.UnknownEvent, `unknown event ${JSON.stringify(ev)}`, line);
  }
}

/**
 * Parses a trace (CONTRACT.md §4) and checks what replay relies on: a header on line 1, known events
 * with well-typed fields, `t` never going backwards, every connection opened once before its other
 * events, nothing after `end`. A blank last line is fine; blank lines elsewhere are not. A trace with a
 * `dropped` marker is refused (`TRACE_INCOMPLETE`) unless `allowDropped`: replay cannot be faithful to it.
 */
export function parseTrace(text: string, options: { readonly allowDropped?: boolean } = {}): Trace {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const first = lines[0];
  if (first === undefined || first.trim() === '')
    throw new TraceError(TraceErrorCode.BadHeader, 'empty file: no header', 1);
  const header = parseHeader(parseLine(first, 1));
  const events: Array<{ event: TraceEvent; line: number }> = [];
  const opened = new Set<number>();
  let lastT = 0;
  let ended = false;
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    const event = parseEvent(parseLine(lines[i] ?? '', line), line);
    if (ended) throw new TraceError(TraceErrorCode.BadEvent, 'event after "end"', line);
    if (event.t < lastT)
      throw new TraceError(TraceErrorCode.TimeBackwards, `t=${event.t} after t=${lastT}`, line);
    lastT = event.t;
    if (event.ev === 'dropped' && options.allowDropped !== true)
      throw new TraceError(
        TraceErrorCode.Incomplete,
        `the recorder dropped ${event.count} events here: the trace cannot be replayed`,
        line,
      );
    if (event.ev === 'end') ended = true;
    if ('conn' in event) {
      if (event.ev === 'open') {
        if (opened.has(event.conn))
          throw new TraceError(
            TraceErrorCode.UnknownConnection,
            `connection ${event.conn} opened twice`,
            line,
          );
        opened.add(event.conn);
      } else if (!opened.has(event.conn)) {
        throw new TraceError(
          TraceErrorCode.UnknownConnection,
          `connection ${event.conn} used before its "open"`,
          line,
        );
      }
    }
    events.push({ event, line });
  }
  return { header, events };
}

/** Reads and parses a trace file; a file that cannot be read is `TRACE_UNREADABLE`. */
export async function readTrace(
  file: string,
  options: { readonly allowDropped?: boolean } = {},
): Promise<Trace> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err: unknown) {
    throw new TraceError(TraceErrorCode.Unreadable, `cannot read ${file}`, undefined, { cause: err });
  }
  return parseTrace(text, options);
}
