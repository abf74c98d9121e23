import { Writable } from 'node:stream';

import { LOG_LEVELS } from '../../../actors/nodeConfig';
import { createLogger } from '../../../cli/logger';

function collect(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe('createLogger', () => {
  it('writes one JSON object a line with the message, level and fields', () => {
    const { stream, lines } = collect();
    const logger = createLogger('info', stream);
    logger.info({ ports: { tcp: 30303 } }, 'listening');
    logger.warn('second');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 30, msg: 'listening', ports: { tcp: 30303 }, name: 'pocnode' }),
      expect.objectContaining({ level: 40, msg: 'second' }),
    ]);
    expect(typeof lines()[0]!['time']).toBe('number');
  });

  it('drops lines below the configured level', () => {
    const { stream, lines } = collect();
    const logger = createLogger('warn', stream);
    logger.info('hidden');
    logger.debug('hidden too');
    logger.error('shown');
    expect(lines().map((line) => line['msg'])).toEqual(['shown']);
  });

  it('writes nothing at level silent', () => {
    const { stream, lines } = collect();
    createLogger('silent', stream).fatal('nothing');
    expect(lines()).toEqual([]);
  });

  it('accepts every level that --log-level accepts', () => {
    for (const level of LOG_LEVELS) expect(createLogger(level, collect().stream).level).toBe(level);
  });
});
