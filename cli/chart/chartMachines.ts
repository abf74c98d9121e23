import type { AnyStateMachine } from 'xstate';

import type { NodeConfig } from '../../actors/nodeConfig';
import { DEFAULT_NODE_CONFIG } from '../../actors/nodeConfig';
import { peerMachine } from '../../machines/peerMachine';
import { supervisorMachine } from '../../machines/supervisorMachine';

/** The machines `pocnode chart --machine` can draw. */
export const CHART_MACHINES = ['peer', 'supervisor'] as const;
export type ChartMachineName = (typeof CHART_MACHINES)[number];

/** The machine definition drawn for a `--machine` name. */
export function chartMachine(name: ChartMachineName): AnyStateMachine {
  switch (name) {
    case 'peer':
      return peerMachine;
    case 'supervisor':
      return supervisorMachine;
  }
}

/**
 * Durations for the machines' named delays, which read the timers from context at run time: a delay
 * named `helloTimeout` is shown with `helloTimeoutMs` of the given config (CONTRACT.md §3 defaults).
 */
export function delayDefaults(config: NodeConfig = DEFAULT_NODE_CONFIG): Record<string, number> {
  const defaults: Record<string, number> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key.endsWith('Ms') && typeof value === 'number') defaults[key.slice(0, -2)] = value;
  }
  return defaults;
}
