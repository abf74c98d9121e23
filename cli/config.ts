import { Command, CommanderError } from 'commander';
import * as ini from 'ini';

import type { NodeConfig } from '../actors/nodeConfig';
import { DEFAULT_NODE_CONFIG } from '../actors/nodeConfig';
import type { ConfigOverrides, StartOption } from './startOptions';
import { CONFIG_ENV, CONFIG_FLAG, INI_SECTION, START_OPTIONS, defineStartOptions } from './startOptions';

/** Why a configuration was refused; `pocnode start` exits 2 for every one of them. */
export const ConfigErrorCode = {
  /** A flag, a `POCNODE_*` variable, an ini key or an ini section that pocnode does not know. */
  UnknownOption: 'CONFIG_UNKNOWN_OPTION',
  /** A value outside what the option allows (or a flag given without its value). */
  BadValue: 'CONFIG_BAD_VALUE',
  /** The `--config` file could not be read. */
  UnreadableFile: 'CONFIG_UNREADABLE_FILE',
  /** Anything else commander refuses, e.g. a stray argument. */
  Usage: 'CONFIG_USAGE',
} as const;
export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

export type ConfigResult =
  | { readonly ok: true; readonly config: NodeConfig }
  | {
      readonly ok: false;
      readonly code: ConfigErrorCode;
      /** The option as the user wrote it: `--max-peers`, `POCNODE_MAX_PEERS` or `app.ini:[network] max_peers`. */
      readonly option: string | undefined;
      /** One line naming the option and what is allowed. */
      readonly message: string;
    };

export type Env = Readonly<Record<string, string | undefined>>;
/** Reads a whole text file; throws (e.g. ENOENT) when it cannot. */
export type ReadFile = (path: string) => string;

type Failure = Extract<ConfigResult, { ok: false }>;

const fail = (code: ConfigErrorCode, option: string | undefined, message: string): Failure => ({
  ok: false,
  code,
  option,
  message,
});

const badValue = (where: string, raw: string, expected: string): Failure =>
  fail(ConfigErrorCode.BadValue, where, `${where}: ${JSON.stringify(raw)} is invalid, expected ${expected}`);

/** Commander's message (`error: unknown option '--prot'\n(Did you mean --port?)`) as one line. */
export function commanderErrorLine(message: string): string {
  return message
    .trim()
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ');
}

function commanderFailure(error: CommanderError): Failure {
  const option = /'(--?[^' ]+)/.exec(error.message)?.[1];
  const code =
    error.code === 'commander.unknownOption'
      ? ConfigErrorCode.UnknownOption
      : error.code === 'commander.optionMissingArgument'
        ? ConfigErrorCode.BadValue
        : ConfigErrorCode.Usage;
  return fail(code, option, commanderErrorLine(error.message));
}

/**
 * Resolves the NodeConfig of `pocnode start` from its arguments (`argv` without `start` itself), the
 * environment and the `--config` ini file, with precedence flag > env > file > default (CONTRACT.md §2).
 * Pure apart from `readFile`, so every source can be tested without processes.
 */
export function resolveConfig(argv: readonly string[], env: Env, readFile: ReadFile): ConfigResult {
  const command = defineStartOptions(new Command('start'))
    .helpOption(false)
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined, outputError: () => undefined })
    .action(() => undefined);
  try {
    command.parse([...argv], { from: 'user' });
  } catch (error: unknown) {
    if (error instanceof CommanderError) return commanderFailure(error);
    throw error;
  }
  return resolveParsedOptions(command.opts(), env, readFile);
}

/**
 * The same resolution from options commander has already parsed (as `main`'s `start` action has them):
 * a flag counts as given when its value is present.
 */
export function resolveParsedOptions(
  options: Readonly<Record<string, unknown>>,
  env: Env,
  readFile: ReadFile,
): ConfigResult {
  const fromFlags: ConfigOverrides = {};
  for (const spec of START_OPTIONS) {
    const value = options[spec.key];
    if (spec.key === 'dial' && typeof value === 'boolean') {
      fromFlags.dial = value;
    } else if (typeof value === 'string') {
      const expected = spec.apply(value, fromFlags);
      if (expected !== undefined) return badValue(spec.flag, value, expected);
    }
  }

  const fromEnv = readEnv(env);
  if ('ok' in fromEnv) return fromEnv;

  const flagConfig = options['config'];
  let fromFile: ConfigOverrides = {};
  if (typeof flagConfig === 'string') {
    const file = readIniFile(flagConfig, CONFIG_FLAG, readFile);
    if ('ok' in file) return file;
    fromFile = file;
  } else if (env[CONFIG_ENV] !== undefined && env[CONFIG_ENV] !== '') {
    const file = readIniFile(env[CONFIG_ENV], CONFIG_ENV, readFile);
    if ('ok' in file) return file;
    fromFile = file;
  }

  return { ok: true, config: { ...DEFAULT_NODE_CONFIG, ...fromFile, ...fromEnv, ...fromFlags } };
}

/** `POCNODE_<NAME>` variables; an empty value counts as unset, an unknown name is refused (likely a typo). */
function readEnv(env: Env): ConfigOverrides | Failure {
  const into: ConfigOverrides = {};
  const byName = new Map<string, StartOption>(START_OPTIONS.map((spec) => [spec.env, spec]));
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('POCNODE_') || name === CONFIG_ENV || raw === undefined || raw === '') continue;
    const spec = byName.get(name);
    if (spec === undefined) {
      return fail(
        ConfigErrorCode.UnknownOption,
        name,
        `${name}: unknown variable, known: ${[...byName.keys(), CONFIG_ENV].join(', ')}`,
      );
    }
    const expected = spec.apply(raw, into);
    if (expected !== undefined) return badValue(name, raw, expected);
  }
  return into;
}

/** The ini file: only `[network]`, only known keys; `dial = false` arrives from ini as a boolean. */
function readIniFile(file: string, givenBy: string, readFile: ReadFile): ConfigOverrides | Failure {
  let text: string;
  try {
    text = readFile(file);
  } catch (error: unknown) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    return fail(
      ConfigErrorCode.UnreadableFile,
      givenBy,
      `${givenBy}: cannot read config file "${file}" (${reason})`,
    );
  }
  const byKey = new Map<string, StartOption>(START_OPTIONS.map((spec) => [spec.ini, spec]));
  const knownKeys = [...byKey.keys()].join(', ');
  const into: ConfigOverrides = {};
  for (const [name, value] of Object.entries(ini.parse(text))) {
    if (name !== INI_SECTION || typeof value !== 'object' || value === null || Array.isArray(value)) {
      const isSection = typeof value === 'object' && value !== null && !Array.isArray(value);
      const where = isSection ? `${file}:[${name}]` : `${file}:${name}`;
      const what = isSection ? 'unknown section' : 'key outside a section';
      return fail(
        ConfigErrorCode.UnknownOption,
        where,
        `${where}: ${what}, only [${INI_SECTION}] is allowed`,
      );
    }
    for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
      const where = `${file}:[${INI_SECTION}] ${key}`;
      const spec = byKey.get(key);
      if (spec === undefined) {
        return fail(ConfigErrorCode.UnknownOption, where, `${where}: unknown key, known: ${knownKeys}`);
      }
      const text = typeof raw === 'string' || typeof raw === 'boolean' ? String(raw) : undefined;
      const expected = text === undefined ? 'a single value' : spec.apply(text, into);
      if (expected !== undefined) return badValue(where, text ?? JSON.stringify(raw), expected);
    }
  }
  return into;
}
