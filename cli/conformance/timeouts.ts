/**
 * The durations the suite checks and waits with, in milliseconds. The defaults are the contract's
 * (CONTRACT.md §3); tests of the suite itself pass shorter ones to a fake peer configured alike.
 */
export interface ConformanceTimeouts {
  /** The target's `helloTimeout`: no Hello within it → `Useless peer`. */
  readonly helloTimeoutMs: number;
  /** The target's `pingInterval`: silent this long → it sends Ping. */
  readonly pingIntervalMs: number;
  /** The target's `pingTimeout`: nothing this long after its Ping → `Useless peer`. */
  readonly pingTimeoutMs: number;
  /** The target's grace between sending Disconnect and closing. */
  readonly disconnectGraceMs: number;
  /** How long an answer (Hello, Pong, Peers, a Disconnect we provoked) may take. */
  readonly replyMs: number;
  /** "At once": the bound on closing after it received our Disconnect. */
  readonly immediateCloseMs: number;
  /** Quiet time after a handshake in which no Disconnect may follow. */
  readonly settleMs: number;
  /** Bound on connecting to the target. */
  readonly dialMs: number;
}

export const DEFAULT_CONFORMANCE_TIMEOUTS: ConformanceTimeouts = {
  helloTimeoutMs: 5000,
  pingIntervalMs: 10_000,
  pingTimeoutMs: 15_000,
  disconnectGraceMs: 2000,
  replyMs: 3000,
  immediateCloseMs: 1000,
  settleMs: 300,
  dialMs: 5000,
};

/** An accepted range for a measured duration. */
export interface TimeWindow {
  readonly loMs: number;
  readonly hiMs: number;
}

/**
 * Generous windows around each timer, as factors of the nominal value, so that a loaded machine does not
 * fail a correct peer: hello 4–7 s, keep-alive Ping 8–12 s, Useless peer 12.75–17.25 s after that Ping,
 * close 1.5–3 s after its Disconnect.
 */
const FACTORS = {
  hello: [0.8, 1.4],
  pingInterval: [0.8, 1.2],
  pingTimeout: [0.85, 1.15],
  grace: [0.75, 1.5],
} as const;

export type TimerName = keyof typeof FACTORS;

const NOMINAL: Record<TimerName, (t: ConformanceTimeouts) => number> = {
  hello: (t) => t.helloTimeoutMs,
  pingInterval: (t) => t.pingIntervalMs,
  pingTimeout: (t) => t.pingTimeoutMs,
  grace: (t) => t.disconnectGraceMs,
};

/**
 * Scheduling delays on a loaded machine are absolute, not proportional: every window is at least this wide
 * on each side (it changes none of the contract's windows above, and keeps short test timers fair).
 */
const MIN_SLACK_MS = 500;

export function timeWindow(t: ConformanceTimeouts, timer: TimerName): TimeWindow {
  const nominal = NOMINAL[timer](t);
  const [lo, hi] = FACTORS[timer];
  return {
    loMs: Math.max(0, Math.round(Math.min(nominal * lo, nominal - MIN_SLACK_MS))),
    hiMs: Math.round(Math.max(nominal * hi, nominal + MIN_SLACK_MS)),
  };
}

/** `{ ...defaults, ...overrides }` with every value checked to be a positive finite number. */
export function resolveTimeouts(overrides: Partial<ConformanceTimeouts> = {}): ConformanceTimeouts {
  const merged: ConformanceTimeouts = { ...DEFAULT_CONFORMANCE_TIMEOUTS, ...overrides };
  for (const [name, value] of Object.entries(merged)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`conformance timeout ${name} must be a positive number of milliseconds`);
    }
  }
  return merged;
}
