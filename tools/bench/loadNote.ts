import { cpus, loadavg } from 'node:os';

/** `load 7.9 on 2 cores`: the 1-minute load average now, printed next to figures that depend on it. */
export function loadNote(): string {
  return `load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
}
