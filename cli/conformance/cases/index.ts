import type { ConformanceCase } from '../conformanceCase';
import { badProtocolCases } from './badProtocolCases';
import { disconnectCases } from './disconnectCases';
import { handshakeCases } from './handshakeCases';
import { requestCases } from './requestCases';
import { robustnessCases } from './robustnessCases';

/**
 * Every case, numbered from 1 in this order. `Too many peers` has no case: provoking it needs the target's
 * max peers, which a peer on the network cannot learn, and a guess would not be an honest check.
 */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  ...handshakeCases,
  ...requestCases,
  ...robustnessCases,
  ...disconnectCases,
  ...badProtocolCases,
];
