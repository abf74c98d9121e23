import type { Connection } from '../../../transport/connection';
import { dialWs, listenWs } from '../../../transport/ws';
import { describeTransportCompliance } from './compliance';

const HOST = '127.0.0.1';

async function wsPair(options: { maxPendingBytes?: number }): Promise<[Connection, Connection]> {
  let accept!: (c: Connection) => void;
  const accepted = new Promise<Connection>((resolve) => (accept = resolve));
  const listener = await listenWs({ host: HOST, port: 0, ...options, onConnection: (c) => accept(c) });
  try {
    const dialled = await dialWs({ host: HOST, port: listener.port, ...options });
    return [dialled, await accepted];
  } finally {
    await listener.close();
  }
}

describeTransportCompliance('ws', () => ({
  pair: wsPair,
  network: {
    listen: (onConnection) => listenWs({ host: HOST, port: 0, onConnection }),
    dial: (port) => dialWs({ host: HOST, port }),
  },
}));
