import { createMemoryPair } from '../../../transport/memory';
import { describeTransportCompliance } from './compliance';

describeTransportCompliance('memory', () => ({
  pair: (options = {}) => Promise.resolve(createMemoryPair(options)),
}));
