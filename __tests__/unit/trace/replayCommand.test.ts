import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ReplayExit, TraceErrorCode, runReplayCommand } from '../../../trace';
import { tempDirPerTest } from '../../helpers/tempDir';

const GOLDEN = path.resolve(__dirname, '../../traces/bad-sync-token.jsonl');

const tempDir = tempDirPerTest('pocnode-replay-');

async function run(file: string, options: { json?: boolean; strictTime?: boolean } = {}) {
  const lines: string[] = [];
  const code = await runReplayCommand(file, {
    json: options.json ?? false,
    strictTime: options.strictTime ?? false,
    out: (line) => lines.push(line),
  });
  return { code, lines };
}

/** The golden trace with line `n` (1-based) replaced. */
function edited(n: number, replace: (line: string) => string): string {
  const lines = readFileSync(GOLDEN, 'utf8').split('\n');
  lines[n - 1] = replace(lines[n - 1]!);
  const file = path.join(tempDir(), 'edited.jsonl');
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('runReplayCommand (pocnode replay)', () => {
  it('exits 0 on an identical replay and says so on one line', async () => {
    const { code, lines } = await run(GOLDEN, { strictTime: true });
    expect(code).toBe(ReplayExit.Identical);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      'identical (1 connection, 6 events compared, clock run to t=2500, times compared)',
    );
  });

  it('exits 1 on a divergence and prints it decoded', async () => {
    // Line 6 is the node's Disconnect(Bad protocol): record Useless peer instead.
    const file = edited(6, (l) => l.replace('c20102"', 'c20103"'));
    const { code, lines } = await run(file);
    expect(code).toBe(ReplayExit.Diverged);
    expect(lines.join('\n')).toContain('expected: t=1 out Disconnect(Useless peer)');
    expect(lines.join('\n')).toContain('actual:   t=1 out Disconnect(Bad protocol)');
  });

  it('--json prints the result as one JSON object', async () => {
    const file = edited(6, (l) => l.replace('c20102"', 'c20103"'));
    const { code, lines } = await run(file, { json: true });
    expect(code).toBe(ReplayExit.Diverged);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      identical: false,
      divergence: { conn: 1, index: 2, line: 6, expected: { ev: 'out' }, actual: { ev: 'out' } },
    });
  });

  it.each([
    ['a line that is not JSON', 4, () => '{"t":1,', TraceErrorCode.BadJson],
    ['an unknown event', 5, () => '{"t":1,"conn":1,"ev":"wink"}', TraceErrorCode.UnknownEvent],
    ['time going backwards', 7, (l: string) => l.replace('"t":1,', '"t":0,'), TraceErrorCode.TimeBackwards],
    [
      'a wrong header',
      1,
      (l: string) => l.replace('"pocnodeTrace":1', '"pocnodeTrace":"1"'),
      TraceErrorCode.BadHeader,
    ],
  ])('exits 2 with the line number on %s', async (_, n, replace, code) => {
    const file = edited(n, replace);
    const text = await run(file);
    expect(text.code).toBe(ReplayExit.Unreadable);
    expect(text.lines[0]).toContain(`line ${n}:`);
    const json = await run(file, { json: true });
    expect(json.code).toBe(ReplayExit.Unreadable);
    expect(JSON.parse(json.lines[0]!)).toMatchObject({ error: { code, line: n } });
  });

  it('exits 2 when the file cannot be read', async () => {
    const { code, lines } = await run(path.join(tempDir(), 'missing.jsonl'), { json: true });
    expect(code).toBe(ReplayExit.Unreadable);
    expect(JSON.parse(lines[0]!)).toMatchObject({ error: { code: TraceErrorCode.Unreadable, line: null } });
  });
});
