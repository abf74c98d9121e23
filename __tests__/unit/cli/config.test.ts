import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import type { NodeConfig } from '../../../actors/nodeConfig';
import type { Env } from '../../../cli/config';
import { resolveConfig } from '../../../cli/config';
import { START_OPTIONS } from '../../../cli/startOptions';
import { config, files, noFile } from './configFixtures';

describe('resolveConfig defaults', () => {
  it('gives the defaults of the contract when nothing is set', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      version: string;
    };
    const major = process.versions.node.split('.')[0]!;
    expect(config(resolveConfig([], {}, noFile))).toEqual({
      host: '0.0.0.0',
      port: 30303,
      wsPort: undefined,
      httpPort: 8080,
      httpHost: '127.0.0.1',
      dataDir: './data',
      networkId: 0,
      clientId: `pocnode/v${pkg.version}/${process.platform}/node${major}`,
      maxPeers: 25,
      bootnodes: [],
      traceDir: undefined,
      logLevel: 'info',
      dial: true,
      genesis: undefined,
      helloTimeoutMs: 5000,
      pingIntervalMs: 10_000,
      pingTimeoutMs: 15_000,
      disconnectGraceMs: 2000,
      maxFrameBytes: 16 * 1024 * 1024,
      maxPendingWriteBytes: 8 * 1024 * 1024,
      maxPendingHandshakes: 50,
      maxInboundPerIpPerSecond: 10,
      frameBudgetPerSecond: 1024,
    });
  });

  it('spells every option as flag, POCNODE_ variable and ini key the way the contract says', () => {
    expect(START_OPTIONS.map((o) => [o.flag, o.env, o.ini])).toEqual([
      ['--host', 'POCNODE_HOST', 'host'],
      ['--port', 'POCNODE_PORT', 'listen_port'],
      ['--ws-port', 'POCNODE_WS_PORT', 'ws_port'],
      ['--http-port', 'POCNODE_HTTP_PORT', 'http_port'],
      ['--http-host', 'POCNODE_HTTP_HOST', 'http_host'],
      ['--data-dir', 'POCNODE_DATA_DIR', 'data_dir'],
      ['--network-id', 'POCNODE_NETWORK_ID', 'network_id'],
      ['--client-id', 'POCNODE_CLIENT_ID', 'client_id'],
      ['--max-peers', 'POCNODE_MAX_PEERS', 'max_peers'],
      [
        '--max-inbound-per-ip-per-second',
        'POCNODE_MAX_INBOUND_PER_IP_PER_SECOND',
        'max_inbound_per_ip_per_second',
      ],
      ['--bootnodes', 'POCNODE_BOOTNODES', 'bootnodes'],
      ['--trace-dir', 'POCNODE_TRACE_DIR', 'trace_dir'],
      ['--log-level', 'POCNODE_LOG_LEVEL', 'log_level'],
      ['--dial', 'POCNODE_DIAL', 'dial'],
      ['--genesis', 'POCNODE_GENESIS', 'genesis'],
    ]);
  });
});

/** Three distinct valid spellings per option (flag, env, file) and the value each must give. */
const SAMPLES: ReadonlyArray<[keyof NodeConfig, ReadonlyArray<readonly [string, unknown]>]> = [
  [
    'host',
    [
      ['10.0.0.1', '10.0.0.1'],
      ['::', '::'],
      ['node.example', 'node.example'],
    ],
  ],
  [
    'port',
    [
      ['0', 0],
      ['30304', 30304],
      ['65535', 65535],
    ],
  ],
  [
    'wsPort',
    [
      ['8546', 8546],
      ['0', 0],
      ['1', 1],
    ],
  ],
  [
    'httpPort',
    [
      ['0', 0],
      ['9090', 9090],
      ['80', 80],
    ],
  ],
  [
    'httpHost',
    [
      ['0.0.0.0', '0.0.0.0'],
      ['localhost', 'localhost'],
      ['::1', '::1'],
    ],
  ],
  [
    'dataDir',
    [
      ['/var/lib/pocnode', '/var/lib/pocnode'],
      ['d2', 'd2'],
      ['./d 3', './d 3'],
    ],
  ],
  [
    'networkId',
    [
      ['1', 1],
      ['0', 0],
      ['42', 42],
    ],
  ],
  [
    'clientId',
    [
      ['Ethereum(++)/v0.3.11/brew/Darwin/unknown', 'Ethereum(++)/v0.3.11/brew/Darwin/unknown'],
      ['a b', 'a b'],
      ['x', 'x'],
    ],
  ],
  [
    'maxPeers',
    [
      ['1', 1],
      ['7', 7],
      ['100', 100],
    ],
  ],
  [
    'maxInboundPerIpPerSecond',
    [
      ['0', 0],
      ['3', 3],
      ['1000', 1000],
    ],
  ],
  [
    'bootnodes',
    [
      ['54.204.10.41:30303', [{ host: '54.204.10.41', port: 30303 }]],
      [
        '[::1]:30304,a.example:1',
        [
          { host: '::1', port: 30304 },
          { host: 'a.example', port: 1 },
        ],
      ],
      ['', []],
    ],
  ],
  [
    'traceDir',
    [
      ['traces', 'traces'],
      ['/tmp/t', '/tmp/t'],
      ['t3', 't3'],
    ],
  ],
  [
    'logLevel',
    [
      ['debug', 'debug'],
      ['silent', 'silent'],
      ['trace', 'trace'],
    ],
  ],
  [
    'genesis',
    [
      ['g1.hex', 'g1.hex'],
      ['g2.hex', 'g2.hex'],
      ['/g3', '/g3'],
    ],
  ],
];

describe('resolveConfig precedence: flag > env > file > default', () => {
  const subsets = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => ({
    flag: (bits & 4) !== 0,
    env: (bits & 2) !== 0,
    file: (bits & 1) !== 0,
  }));
  const cases = SAMPLES.flatMap(([key, values]) => subsets.map((set) => [key, set, values] as const));

  it.each(cases)('resolves %s from the highest of the sources given: %j', (key, set, values) => {
    const spec = START_OPTIONS.find((o) => o.key === key)!;
    const [[flagRaw, flagValue], [envRaw, envValue], [fileRaw, fileValue]] = [
      values[0]!,
      values[1]!,
      values[2]!,
    ];
    const argv = set.flag ? [spec.flag, flagRaw] : [];
    const env: Env = set.env ? { [spec.env]: envRaw } : {};
    const text = set.file
      ? `[network]\n${spec.ini} = ${fileRaw === '' ? '""' : JSON.stringify(fileRaw)}\n`
      : '[network]\n';
    const result = config(resolveConfig(['--config', 'node.ini', ...argv], env, files({ 'node.ini': text })));
    const expected = set.flag ? flagValue : set.env ? envValue : set.file ? fileValue : undefined;
    if (expected === undefined) expect(result[key]).toEqual(config(resolveConfig([], {}, noFile))[key]);
    else expect(result[key]).toEqual(expected);
  });

  it('resolves dial from --dial / --no-dial over POCNODE_DIAL over the file over true', () => {
    const ini = (dial: string) => files({ 'n.ini': `[network]\ndial = ${dial}\n` });
    const dial = (argv: string[], env: Env, text: string | undefined) =>
      config(resolveConfig(text === undefined ? argv : ['--config', 'n.ini', ...argv], env, ini(text ?? '')))
        .dial;
    expect(dial([], {}, undefined)).toBe(true);
    expect(dial([], {}, 'false')).toBe(false);
    expect(dial([], { POCNODE_DIAL: 'true' }, 'false')).toBe(true);
    expect(dial([], { POCNODE_DIAL: 'no' }, 'true')).toBe(false);
    expect(dial(['--no-dial'], { POCNODE_DIAL: 'true' }, 'true')).toBe(false);
    expect(dial(['--dial'], { POCNODE_DIAL: '0' }, 'false')).toBe(true);
  });

  it('takes the config file from --config before POCNODE_CONFIG', () => {
    const read = files({ 'a.ini': '[network]\nmax_peers = 3\n', 'b.ini': '[network]\nmax_peers = 4\n' });
    expect(config(resolveConfig([], { POCNODE_CONFIG: 'b.ini' }, read)).maxPeers).toBe(4);
    expect(config(resolveConfig(['--config', 'a.ini'], { POCNODE_CONFIG: 'b.ini' }, read)).maxPeers).toBe(3);
  });

  it('reads a seed-style file: client_id and listen_port in [network], comments allowed', () => {
    const text =
      '; pyethereum style\n[network]\nclient_id = Ethereum(py)/0.0.1\nlisten_port = 30306\nhost = 127.0.0.1\n';
    const result = config(resolveConfig(['--config', 'eth.ini'], {}, files({ 'eth.ini': text })));
    expect([result.clientId, result.port, result.host]).toEqual(['Ethereum(py)/0.0.1', 30306, '127.0.0.1']);
  });

  it('treats an empty POCNODE_ variable as unset', () => {
    expect(config(resolveConfig([], { POCNODE_PORT: '', POCNODE_WS_PORT: '' }, noFile)).port).toBe(30303);
  });

  it('ignores variables outside the POCNODE_ namespace', () => {
    expect(config(resolveConfig([], { PORT: 'x', POCNODE: 'y', HOME: '/root' }, noFile)).port).toBe(30303);
  });
});
