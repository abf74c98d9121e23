import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A temporary directory made by `before` and removed by `after`; the returned function gives its path,
 * and throws `outside` (as an error's message) when there is none.
 */
function tempDirBetween(
  before: (fn: () => void) => void,
  after: (fn: () => void) => void,
  prefix: string,
  outside: string,
): () => string {
  let dir: string | undefined;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), prefix));
  });
  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (dir === undefined) throw new Error(outside);
    return dir;
  };
}

/**
 * A fresh temporary directory for each test of the enclosing `describe`, removed after the test; call the
 * returned function inside a test (or a hook after this one) for its path. Jest runs a block's `afterEach`
 * hooks in the order they were declared, so a hook that must finish with the directory (closing a store
 * in it) goes before this call.
 */
export function tempDirPerTest(prefix: string): () => string {
  return tempDirBetween(beforeEach, afterEach, prefix, 'tempDirPerTest: no directory outside a test');
}

/**
 * One temporary directory for all the tests of the enclosing `describe` (or file, at the top level), made
 * before the first and removed after the last; call the returned function inside a test or a later hook.
 */
export function tempDirPerSuite(prefix: string): () => string {
  return tempDirBetween(beforeAll, afterAll, prefix, 'tempDirPerSuite: no directory outside the suite');
}
