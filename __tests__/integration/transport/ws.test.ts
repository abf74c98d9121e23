import { dialWs, listenWs } from '../../../transport/ws';
import { describeTransportCompliance } from './compliance';
import { networkFixture } from './networkTransport';

describeTransportCompliance('ws', () => networkFixture({ listen: listenWs, dial: dialWs }));
