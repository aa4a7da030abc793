/**
 * The long fuzz run of the importers: many seeded mutations of every import format, read in-process (src/importers/fuzz.ts).
 * Usage: npm run bench -- --only fuzz [--cases 500] [--seed 1]   (cases per format; a failure prints its seed)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FUZZ_FORMATS, guarded } from '../src/importers/fuzz';

export async function runFuzzBench(argv: readonly string[]): Promise<number> {
  const arg = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? fallback : Number(argv[i + 1]);
  };
  const cases = arg('cases', 500);
  const base = arg('seed', 20261201);
  const dir = mkdtempSync(join(tmpdir(), 'herald-fuzz-'));
  let failures = 0;
  try {
    for (const [f, format] of FUZZ_FORMATS.entries()) {
      const kinds = { rows: 0, refused: 0 };
      let slowest = 0;
      const start = performance.now();
      for (let i = 0; i < cases; i++) {
        const seed = base + i * 7919 + f * 104729;
        const t0 = performance.now();
        try {
          kinds[(await guarded(format, seed, dir, 30_000)).kind] += 1;
        } catch (error) {
          failures += 1;
          console.error((error as Error).message);
        }
        slowest = Math.max(slowest, performance.now() - t0);
      }
      const ms = performance.now() - start;
      console.log(
        `${format.padEnd(12)} ${cases} cases: ${kinds.rows} read, ${kinds.refused} refused, ${cases - kinds.rows - kinds.refused} failed; ${(ms / cases).toFixed(1)} ms/case, slowest ${slowest.toFixed(0)} ms`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(failures === 0 ? 'fuzz: no crash, no hang' : `fuzz: ${failures} failing cases`);
  return failures === 0 ? 0 : 1;
}
