import { xstateFloorResults } from '../xstateFloor';
import { serveParent, toParent } from './childMain';

/* XState's own cost per event (tools/bench/xstateFloor.ts), measured in a process that runs nothing else. */

serveParent((m) => {
  if (m.type !== 'floor') throw new Error(`xstateFloorHost: unexpected ${m.type}`);
  toParent({ type: 'floored', results: xstateFloorResults(m.options) });
});
