// V8 flags `herald` sets on itself before anything is loaded or compiled (bin/herald.mjs), chosen for memory
// (issue 17, bench/profile-memory.ts shows each part):
// - `--liftoff-only`: PGlite's WebAssembly (PostgreSQL) is compiled by Liftoff, V8's baseline compiler, only. By
//   default V8 also recompiles hot functions with TurboFan in background threads: with a 9 MB module that cost about
//   70 MB of resident memory (compiled code, compiler memory malloc keeps) and CPU. Measured on the medium data set
//   (opening it, then 30 aggregate and sort queries, busy 2-core machine, two runs each): CPU to open 905 / 772 ms vs
//   1,334 / 1,133 by default, the queries 3,848 / 3,196 ms vs 4,818 / 3,876: the recompiling cost more than it won.
// - `--semi-space-growth-factor=1`: the young generation keeps its initial 1 MB semi-spaces instead of doubling up to
//   16 MB each (32 MB resident) while requests' garbage dies young (idle and dashboard: 2 MB); V8 still grows it
//   when much survives, as during an import (seen at 32 MB there).
// - `--heap-growing-percent=50`: after a full collection the old generation may grow by half its live size before
//   the next one, instead of up to 4× (V8's dynamic factor): an import's garbage (rows, COPY text) is collected at
//   ~100 MB of heap rather than ~250 MB, for the same CPU in a churn test (bench/profile-memory.ts shows the heap).
// They are set at run time (v8.setFlagsFromString), first thing in bin/herald.mjs, because a command line (`herald
// serve`, `npm start`, a unit file) cannot be relied on to carry them and NODE_OPTIONS accepts none of them.
// HERALD_V8_FLAGS=none sets none (to compare); the parse worker thread shares them (flags are per process).
import v8 from 'node:v8';

export const HERALD_V8_FLAGS = [
  '--liftoff-only',
  '--semi-space-growth-factor=1',
  '--heap-growing-percent=50',
];

/** Sets HERALD_V8_FLAGS (unless HERALD_V8_FLAGS=none); returns the flags set. */
export function applyV8Flags(env = process.env) {
  if (env.HERALD_V8_FLAGS === 'none') return [];
  for (const flag of HERALD_V8_FLAGS) v8.setFlagsFromString(flag);
  return HERALD_V8_FLAGS;
}
