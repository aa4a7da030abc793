/**
 * Seeded fuzzing of every import format in-process (src/importers/fuzz.ts): each mutated file settles with rows or a
 * located 4xx error, never a crash or a hang. Set HERALD_FUZZ_SEED to replay a run; a failure names its seed.
 * The longer run: `npm run bench -- --only fuzz`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FUZZ_FORMATS, guarded } from './fuzz';
import { tempDir } from './testing';

const dir = tempDir();
afterAll(() => dir.cleanup());

const BASE = Number(process.env.HERALD_FUZZ_SEED ?? 20261201);
const CASES = 25;
/** Generous: a case takes milliseconds; only a real hang reaches it. */
const GUARD_MS = 15_000;

describe('fuzzed import files', () => {
  it.each(FUZZ_FORMATS)(
    '%s: 25 mutations each settle with rows or a located error',
    async (format) => {
      const kinds = { rows: 0, refused: 0 };
      for (let i = 0; i < CASES; i++) {
        const seed = BASE + i * 7919 + FUZZ_FORMATS.indexOf(format) * 104729;
        const outcome = await guarded(format, seed, dir.path(''), GUARD_MS);
        kinds[outcome.kind] += 1;
      }
      expect(kinds.rows + kinds.refused).toBe(CASES);
    },
    120_000,
  );
});
