import { ConfigErrorCode, resolveConfig } from '../../../cli/config';
import { START_OPTIONS } from '../../../cli/startOptions';
import { config, failure, files, noFile } from './configFixtures';

describe('resolveConfig refuses bad values, naming the option as the user wrote it', () => {
  const BAD: ReadonlyArray<readonly [string, string]> = [
    ['--port', '65536'],
    ['--port', 'abc'],
    ['--port', '1e3'],
    ['--port', '0x10'],
    ['--port', '80.0'],
    ['--port', ' 80'],
    ['--ws-port', '99999'],
    ['--http-port', '-1'],
    ['--max-peers', '0'],
    ['--max-peers', '2.5'],
    ['--network-id', '-1'],
    ['--network-id', 'one'],
    ['--host', 'bad host'],
    ['--host', ''],
    ['--host', 'a..b'],
    ['--http-host', '-leading.dash'],
    ['--bootnodes', 'nohost'],
    ['--bootnodes', 'h.example:0'],
    ['--bootnodes', 'h.example:70000'],
    ['--bootnodes', '[notip]:30303'],
    ['--bootnodes', '::1:30303'],
    ['--bootnodes', 'a.example:1,,b.example:2'],
    ['--log-level', 'verbose'],
    ['--log-level', 'INFO'],
    ['--client-id', 'tab\there'],
    ['--client-id', ''],
    ['--data-dir', ''],
    ['--trace-dir', ''],
    ['--genesis', ''],
  ];

  it.each(BAD)('refuses %s %j given as a flag', (flag, raw) => {
    expect(failure(resolveConfig([`${flag}=${raw}`], {}, noFile))).toEqual({
      code: ConfigErrorCode.BadValue,
      option: flag,
    });
  });

  // An empty variable counts as unset (tested above), so only the non-empty bad values apply here.
  it.each(BAD.filter(([, raw]) => raw !== ''))('refuses %s %j given by environment', (flag, raw) => {
    const name = START_OPTIONS.find((o) => o.flag === flag)!.env;
    expect(failure(resolveConfig([], { [name]: raw }, noFile))).toEqual({
      code: ConfigErrorCode.BadValue,
      option: name,
    });
  });

  it.each(BAD)('refuses %s %j given in the config file', (flag, raw) => {
    const key = START_OPTIONS.find((o) => o.flag === flag)!.ini;
    const read = files({ 'p.ini': `[network]\n${key} = ${JSON.stringify(raw)}\n` });
    expect(failure(resolveConfig(['--config', 'p.ini'], {}, read))).toEqual({
      code: ConfigErrorCode.BadValue,
      option: `p.ini:[network] ${key}`,
    });
  });

  it('refuses a bad dial value from env or file', () => {
    expect(failure(resolveConfig([], { POCNODE_DIAL: 'maybe' }, noFile))).toEqual({
      code: ConfigErrorCode.BadValue,
      option: 'POCNODE_DIAL',
    });
    const read = files({ 'd.ini': '[network]\ndial = sometimes\n' });
    expect(failure(resolveConfig(['--config', 'd.ini'], {}, read)).option).toBe('d.ini:[network] dial');
  });

  it('refuses a bad value even where a higher source overrides it: a broken file stays an error', () => {
    const read = files({ 'b.ini': '[network]\nmax_peers = many\n' });
    expect(failure(resolveConfig(['--config', 'b.ini', '--max-peers', '5'], {}, read)).code).toBe(
      ConfigErrorCode.BadValue,
    );
    expect(failure(resolveConfig(['--max-peers', '5'], { POCNODE_MAX_PEERS: 'x' }, noFile)).option).toBe(
      'POCNODE_MAX_PEERS',
    );
  });

  it('refuses a flag given without its value', () => {
    expect(failure(resolveConfig(['--port'], {}, noFile))).toEqual({
      code: ConfigErrorCode.BadValue,
      option: '--port',
    });
  });

  it('accepts the boundaries: port 0 and 65535, bootnode port 1 and 65535, IPv6 hosts', () => {
    const result = config(
      resolveConfig(
        ['--port', '65535', '--http-port', '0', '--host', '::', '--bootnodes', '[fe80::1]:65535,h:1'],
        {},
        noFile,
      ),
    );
    expect([result.port, result.httpPort, result.host, result.bootnodes]).toEqual([
      65535,
      0,
      '::',
      [
        { host: 'fe80::1', port: 65535 },
        { host: 'h', port: 1 },
      ],
    ]);
  });
});

describe('resolveConfig refuses what it does not know', () => {
  it('refuses an unknown flag', () => {
    expect(failure(resolveConfig(['--max-peer', '3'], {}, noFile))).toEqual({
      code: ConfigErrorCode.UnknownOption,
      option: '--max-peer',
    });
  });

  it('refuses --help here: help belongs to the command line, not to the resolution', () => {
    expect(failure(resolveConfig(['--help'], {}, noFile)).code).toBe(ConfigErrorCode.UnknownOption);
  });

  it('refuses a stray argument', () => {
    expect(failure(resolveConfig(['30303'], {}, noFile)).code).toBe(ConfigErrorCode.Usage);
  });

  it('refuses an unknown POCNODE_ variable (a typo would otherwise be silently ignored)', () => {
    expect(failure(resolveConfig([], { POCNODE_MAXPEERS: '3' }, noFile))).toEqual({
      code: ConfigErrorCode.UnknownOption,
      option: 'POCNODE_MAXPEERS',
    });
  });

  it.each([
    ['an unknown key', '[network]\nmax_peer = 3\n', 'x.ini:[network] max_peer'],
    ['the flag spelling as a key', '[network]\nport = 3\n', 'x.ini:[network] port'],
    ['a key outside a section', 'max_peers = 3\n', 'x.ini:max_peers'],
    ['an unknown section', '[wallet]\npub_key = 00\n', 'x.ini:[wallet]'],
    ['an empty unknown section', '[network]\n[misc]\n', 'x.ini:[misc]'],
    ['a line without a value', '[network]\ngarbage line\n', 'x.ini:[network] garbage line'],
  ])('refuses %s in the config file', (_what, text, option) => {
    expect(failure(resolveConfig(['--config', 'x.ini'], {}, files({ 'x.ini': text })))).toEqual({
      code: ConfigErrorCode.UnknownOption,
      option,
    });
  });

  it('refuses a repeated ini key given as an array', () => {
    const read = files({ 'a.ini': '[network]\nbootnodes[] = a:1\nbootnodes[] = b:2\n' });
    expect(failure(resolveConfig(['--config', 'a.ini'], {}, read)).code).toBe(ConfigErrorCode.BadValue);
  });

  it('refuses an unreadable config file, naming where its name came from', () => {
    expect(failure(resolveConfig(['--config', 'missing.ini'], {}, noFile))).toEqual({
      code: ConfigErrorCode.UnreadableFile,
      option: '--config',
    });
    expect(failure(resolveConfig([], { POCNODE_CONFIG: 'missing.ini' }, noFile))).toEqual({
      code: ConfigErrorCode.UnreadableFile,
      option: 'POCNODE_CONFIG',
    });
  });
});
