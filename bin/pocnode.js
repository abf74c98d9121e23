#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled TypeScript in dist/ (built by `npm ci` via the prepare script).
require('../dist/cli/main.js')
  .main(process.argv)
  .then(
    (code) => {
      if (typeof code === 'number') process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`pocnode: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
