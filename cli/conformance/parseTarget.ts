/** Where the suite connects. */
export interface ConformanceTarget {
  readonly host: string;
  readonly port: number;
}

/**
 * Reads `HOST:PORT` (or `[v6-address]:PORT`); undefined when it is not one. The port must be 1–65535:
 * port 0 names no listening peer.
 */
export function parseTarget(text: string): ConformanceTarget | undefined {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:\s[\]]+):(\d{1,5})$/.exec(text);
  if (!m) return undefined;
  const host = m[1]!;
  const port = Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 0xffff) return undefined;
  return { host, port };
}
