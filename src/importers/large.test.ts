/** A large CSV streams and validates in batches with bounded memory (the 100,000-row figures: `npm run bench -- --only parse`). */
import { afterAll, describe, expect, it } from 'vitest';
import { describeRun, streamLargeCsv, writeLargeCsv } from '../../test/large-csv';
import { tempDir } from './testing';

const dir = tempDir();
afterAll(() => dir.cleanup());

const ROWS = 25_000;

describe('a 25,000-row CSV', () => {
  it('streams and validates in batches with bounded memory', { timeout: 120_000 }, async () => {
    const path = dir.path('large.csv');
    await writeLargeCsv(path, ROWS);
    const run = await streamLargeCsv(path);
    console.info(describeRun(run));
    expect(run.rows).toBe(ROWS);
    expect(run.valid).toBe(ROWS - 1);
    expect(run.invalid).toBe(1);
    expect(run.lastError).toBe(`${ROWS + 1}:status`);
    expect(run.encoding).toBe('UTF-8');
    expect(run.growth).toBeLessThan(150);
    // What stays alive after a collection does not grow with the rows read: the 20,000th row costs what the 10,000th did.
    if (run.kept.length >= 2) {
      expect(Math.max(...run.kept)).toBeLessThan(32);
      expect((run.kept.at(-1) ?? 0) - (run.kept[0] ?? 0)).toBeLessThan(8);
    }
  });
});
