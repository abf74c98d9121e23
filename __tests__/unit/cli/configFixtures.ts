import type { NodeConfig } from '../../../actors/nodeConfig';
import type { ConfigResult } from '../../../cli/config';

/** A `readFile` with no files at all: every read fails with ENOENT. */
export const noFile = (file: string): string => {
  throw Object.assign(new Error(`no such file ${file}`), { code: 'ENOENT' });
};

/** A `readFile` over the given contents. */
export const files =
  (contents: Record<string, string>) =>
  (file: string): string =>
    contents[file] ?? noFile(file);

/** The config of a successful resolution (the test fails with the error otherwise). */
export function config(result: ConfigResult): NodeConfig {
  if (!result.ok) throw new Error(`expected a config, got ${result.code}: ${result.message}`);
  return result.config;
}

/** The failure's code and option, checked to be one line naming that option: the CLI prints it as is. */
export function failure(result: ConfigResult): { code: string; option: string | undefined } {
  if (result.ok) throw new Error('expected a failure, got a config');
  expect(result.message).not.toMatch(/\n/);
  expect(result.message).toContain(result.option ?? '');
  return { code: result.code, option: result.option };
}
