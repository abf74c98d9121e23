import type { ChartDelay, ChartTransition } from './chartGraph';

/**
 * The text on a transition's arrow, shared by the mermaid and dot renderers:
 * `wire.hello [wrongNetwork]`, `after helloTimeout (5000 ms)`, `always`, `peer.send (targetless)`.
 */
export function transitionLabel(transition: ChartTransition): string {
  let trigger: string;
  switch (transition.kind) {
    case 'event':
      trigger = transition.event;
      break;
    case 'delayed': {
      const delay: ChartDelay = transition.delay ?? { name: '?' };
      if (delay.ms === undefined) trigger = `after ${delay.name}`;
      else if (delay.name === String(delay.ms)) trigger = `after ${delay.ms} ms`;
      else trigger = `after ${delay.name} (${delay.ms} ms)`;
      break;
    }
    case 'always':
      trigger = 'always';
      break;
  }
  const guard = transition.guard === undefined ? '' : ` [${transition.guard}]`;
  const targetless = transition.target === undefined ? ' (targetless)' : '';
  return `${trigger}${guard}${targetless}`;
}
