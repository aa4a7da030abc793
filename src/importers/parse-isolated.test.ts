/** Parsing in a worker thread: same rows and progress as in-process, and a located refusal on a hang or a memory hog. */
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVITY_COLUMNS, activityCells, csvOf } from '../../test/factories/imports';
import { AppError } from '../errors';
import { macroBomb } from './hostile-files';
import { parseFile } from './parse-file';
import { parseFileIsolated } from './parse-isolated';
import { tempDir } from './testing';
import type { CandidateRow, ImportProgress, ParsedFile } from './types';

const dir = tempDir();
afterAll(() => dir.cleanup());

const csv = csvOf(
  Array.from({ length: 5 }, (_, i) => activityCells(i + 1)),
  { columns: ACTIVITY_COLUMNS },
);

async function readAll(parsed: ParsedFile): Promise<CandidateRow[]> {
  const rows: CandidateRow[] = [];
  for await (const batch of parsed.batches) rows.push(...batch);
  return rows;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('parseFileIsolated', () => {
  it('gives the rows, summary and progress parseFile gives, batch by batch', async () => {
    const path = dir.write('talks.csv', csv);
    const progress: ImportProgress[] = [];
    const isolated = await parseFileIsolated({
      path,
      name: 'talks.csv',
      type: 'activity',
      options: { batchSize: 2, onProgress: (p) => progress.push(p) },
    });
    const rows = await readAll(isolated);
    expect(rows).toHaveLength(5);
    const local = await parseFile({ path, name: 'talks.csv', type: 'activity', options: { batchSize: 2 } });
    expect(rows).toEqual(await readAll(local));
    expect(isolated.summary).toEqual(local.summary);
    expect(progress.map((p) => p.rows)).toEqual([2, 4, 5, 5]);
  });

  it('refuses a macro bomb with the error parseFile gives, and reads the next file with the same worker', async () => {
    const error = await failure(
      parseFileIsolated({ path: dir.write('bomb.bib', macroBomb()), name: 'bomb.bib', type: 'publication' }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 400, messageKey: 'import.bibtex.macroTooLarge' });
    expect((error as AppError).message).toMatch(/^bomb\.bib, line 21: the @string macro "m21"/);
    const next = await parseFileIsolated({ path: dir.write('again.csv', csv), type: 'activity' });
    expect(await readAll(next)).toHaveLength(5);
  });

  it('ends a parse that never answers with a located "took too long", the event loop staying free', async () => {
    const path = dir.write('slow.csv', csv);
    const parse = failure(
      parseFileIsolated(
        { path, name: 'slow.csv', type: 'activity' },
        { worker: new URL('../../test/workers/hang.mjs', import.meta.url), stepMs: 500 },
      ),
    );
    // While the worker spins, this thread keeps answering: timers and I/O run.
    let settled = false;
    void parse.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    const error = await parse;
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      status: 400,
      messageKey: 'import.parse.timeout',
      params: { file: 'slow.csv', seconds: 0.5 },
    });
    expect((error as AppError).details[0]).toMatchObject({ file: 'slow.csv' });
  });

  it('ends a parse that outgrows its memory limit with a located refusal', async () => {
    const error = await failure(
      parseFileIsolated(
        { path: dir.write('big.csv', csv), name: 'big.csv', type: 'activity' },
        { worker: new URL('../../test/workers/hog.mjs', import.meta.url), memoryMb: 32, stepMs: 120_000 },
      ),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      status: 400,
      messageKey: 'import.parse.memory',
      params: { file: 'big.csv', mb: 32 },
    });
  });
});
