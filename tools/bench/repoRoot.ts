import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The checkout's root, found from this file whether it runs as `tools/bench/*.ts` or as compiled
 * `dist/tools/bench/*.js`. The shared vectors live beside it in `../shared` (as in CI).
 */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      const parsed = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown };
      if (parsed.name === 'pocnode') return dir;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repo root (package.json of pocnode) not found above ' + __dirname);
    dir = up;
  }
}

export function sharedPath(...parts: string[]): string {
  return path.resolve(repoRoot(), '..', 'shared', ...parts);
}
