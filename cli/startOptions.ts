import type { Command } from 'commander';

import type { NodeConfig } from '../actors/nodeConfig';
import { DEFAULT_NODE_CONFIG, LOG_LEVELS } from '../actors/nodeConfig';
import type { Parsed } from './configValues';
import {
  parseBoolean,
  parseBootnodes,
  parseClientId,
  parseHost,
  parseLogLevel,
  parseNonNegativeInteger,
  parsePath,
  parsePort,
  parsePositiveInteger,
} from './configValues';

/** The NodeConfig fields a user may set (the timers and limits are protocol constants, not options). */
export type SettableKey =
  | 'host'
  | 'port'
  | 'wsPort'
  | 'httpPort'
  | 'httpHost'
  | 'dataDir'
  | 'networkId'
  | 'clientId'
  | 'maxPeers'
  | 'maxInboundPerIpPerSecond'
  | 'bootnodes'
  | 'traceDir'
  | 'logLevel'
  | 'dial'
  | 'genesis';

/** The settable part of a NodeConfig being assembled from the sources. */
export type ConfigOverrides = { -readonly [K in SettableKey]?: NodeConfig[K] };

/** One `start` option and its three spellings (CONTRACT.md §2: flag, `POCNODE_<NAME>`, ini key). */
export interface StartOption {
  readonly key: SettableKey;
  /** `--max-peers`; for the boolean `dial` the positive spelling (`--no-dial` is its negation). */
  readonly flag: string;
  /** `<n>`; undefined for the boolean flag. */
  readonly valueName: string | undefined;
  /** `POCNODE_MAX_PEERS`. */
  readonly env: string;
  /** Key in the ini file's `[network]` section (the seed's `client_id`, `listen_port`; else snake_case). */
  readonly ini: string;
  readonly description: string;
  /** Checks a raw value and stores it into `into`; on a bad value returns what is allowed. */
  readonly apply: (raw: string, into: ConfigOverrides) => string | undefined;
}

/** `option('maxPeers', '--max-peers <n>', 'max_peers', parse, help)`; the env name follows from the flag. */
function option<K extends SettableKey>(
  key: K,
  flagAndValue: string,
  ini: string,
  parse: (raw: string) => Parsed<NodeConfig[K]>,
  description: string,
): StartOption {
  const [flag = flagAndValue, valueName] = flagAndValue.split(' ');
  const env = `POCNODE_${flag.slice(2).replace(/-/g, '_').toUpperCase()}`;
  return {
    key,
    flag,
    valueName,
    env,
    ini,
    description,
    apply: (raw, into) => {
      const parsed = parse(raw);
      if (!parsed.ok) return parsed.expected;
      into[key] = parsed.value;
      return undefined;
    },
  };
}

const D = DEFAULT_NODE_CONFIG;
const LEVELS = LOG_LEVELS.join('|');

/** Every option of `pocnode start`, in help order. */
export const START_OPTIONS: readonly StartOption[] = [
  option('host', '--host <host>', 'host', parseHost, `address to listen on (default: ${D.host})`),
  option('port', '--port <port>', 'listen_port', parsePort, `TCP port, 0 = any free (default: ${D.port})`),
  option('wsPort', '--ws-port <port>', 'ws_port', parsePort, 'WebSocket port, 0 = any free (default: off)'),
  option('httpPort', '--http-port <port>', 'http_port', parsePort, `0 = off (default: ${D.httpPort})`),
  option('httpHost', '--http-host <host>', 'http_host', parseHost, `(default: ${D.httpHost})`),
  option('dataDir', '--data-dir <dir>', 'data_dir', parsePath, `LevelDB directory (default: ${D.dataDir})`),
  option('networkId', '--network-id <n>', 'network_id', parseNonNegativeInteger, `(default: ${D.networkId})`),
  option('clientId', '--client-id <text>', 'client_id', parseClientId, `(default: ${D.clientId})`),
  option('maxPeers', '--max-peers <n>', 'max_peers', parsePositiveInteger, `(default: ${D.maxPeers})`),
  option(
    'maxInboundPerIpPerSecond',
    '--max-inbound-per-ip-per-second <n>',
    'max_inbound_per_ip_per_second',
    parseNonNegativeInteger,
    `inbound connections per remote IP per second, 0 = no limit (default: ${D.maxInboundPerIpPerSecond})`,
  ),
  option('bootnodes', '--bootnodes <host:port,...>', 'bootnodes', parseBootnodes, 'peers to dial at start'),
  option('traceDir', '--trace-dir <dir>', 'trace_dir', parsePath, 'record every session as a trace'),
  option('logLevel', '--log-level <level>', 'log_level', parseLogLevel, `${LEVELS} (default: ${D.logLevel})`),
  option('dial', '--dial', 'dial', parseBoolean, 'dial out to known peers (default)'),
  option('genesis', '--genesis <file>', 'genesis', parsePath, 'genesis block RLP as hex (default: PoC-3)'),
];

/** `--config FILE` / `POCNODE_CONFIG`: where the ini file is; not itself settable from the file. */
export const CONFIG_FLAG = '--config';
export const CONFIG_ENV = 'POCNODE_CONFIG';
/** The only ini section, named as in the seed's config (`[network] client_id`, `listen_port`). */
export const INI_SECTION = 'network';

/** Adds the options of `start` to a commander command (used by `main` and by `resolveConfig`). */
export function defineStartOptions(command: Command): Command {
  command.option(`${CONFIG_FLAG} <file>`, `ini file with a [${INI_SECTION}] section (env ${CONFIG_ENV})`);
  for (const spec of START_OPTIONS) {
    command.option(
      spec.valueName === undefined ? spec.flag : `${spec.flag} ${spec.valueName}`,
      spec.description,
    );
    if (spec.key === 'dial') command.option('--no-dial', 'accept connections only, never dial out');
  }
  command.addHelpText(
    'after',
    [
      '',
      'Each option can also be set by environment (POCNODE_<NAME>, e.g. POCNODE_MAX_PEERS) or in the',
      `--config ini file, section [${INI_SECTION}] (${START_OPTIONS.map((s) => s.ini).join(', ')}).`,
      'Precedence: flag > environment > file > default.',
    ].join('\n'),
  );
  return command;
}
