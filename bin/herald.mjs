#!/usr/bin/env node
// The `herald` command: runs the build in dist/ (bin/build.mjs, run by `npm install`) when it was built from the
// sources as they are now (every source file's size and mtime, dist/stamp.json); otherwise the sources through tsx.
import { readFileSync, statSync } from 'node:fs';
import { applyV8Flags } from './v8-flags.mjs';

// First, before anything is compiled or allocated: the V8 flags chosen for memory (bin/v8-flags.mjs).
applyV8Flags();

const root = new URL('../', import.meta.url);

/** True when dist/ exists and no source file it was built from changed since. */
function distIsCurrent() {
  if (process.env.HERALD_NO_DIST === '1') return false;
  try {
    const { files } = JSON.parse(readFileSync(new URL('dist/stamp.json', root), 'utf8'));
    for (const [file, [size, mtime]] of Object.entries(files)) {
      const s = statSync(new URL(file, root));
      if (s.size !== size || s.mtimeMs !== mtime) return false;
    }
    return true;
  } catch {
    return false;
  }
}

let main;
if (distIsCurrent()) {
  ({ main } = await import('../dist/main.mjs'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv);
