/** `herald report`: writes a year's report as HTML and as PDF (figures from the records), and names a bad period. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import { rowInserter } from '../../test/factories/rows';
import { openDatabase } from '../db/client';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let env: Record<string, string>;
let cleanup: () => Promise<void>;
const out = mkdtempSync(join(tmpdir(), 'herald-report-'));

const herald = (...args: string[]) => runCli(args, env);

beforeAll(async () => {
  ({ env, cleanup } = await createTestDatabaseEnv());
  expect((await herald('plan', 'import', 'plans/m-sec.yaml')).code).toBe(0);
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HERALD_DATA_DIR ?? '' });
  try {
    await rowInserter(database.db, 'm-sec', 'F6S').activities([
      { title: 'Newsletter one', kind: 'newsletter', startDate: '2018-12-20' },
      { title: 'Newsletter two', kind: 'newsletter', startDate: '2019-06-15' },
      { title: 'Newsletter of year two', kind: 'newsletter', startDate: '2019-12-15' },
    ]);
  } finally {
    await database.close();
  }
});
afterAll(async () => {
  await cleanup();
  rmSync(out, { recursive: true, force: true });
});

describe('herald report', () => {
  it('writes the HTML report of a project year, with progress on stderr', async () => {
    const file = join(out, 'year1.html');
    const r = await herald('report', '--project', 'm-sec', '--year', '1', '--format', 'html', '-o', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*year1\.html \(html, \d+ bytes\)$/m);
    expect(r.stderr).toContain('report: 100%');
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('Newsletter one');
    expect(html).toContain('Newsletter two');
    expect(html).not.toContain('Newsletter of year two');
    const row = /<table id="kpi-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toMatch(
      /Newsletters ≥ 4 newsletters 2 newsletters /,
    );
  });

  it('writes the Japanese PDF report of a date range', async () => {
    const file = join(out, 'range.pdf');
    const r = await herald(
      'report',
      '--project',
      'm-sec',
      '--from',
      '2019-07-01',
      '--to',
      '2019-12-31',
      '--format',
      'pdf',
      '--lang',
      'ja',
      '-o',
      file,
    );
    expect(r.code).toBe(0);
    const bytes = new Uint8Array(readFileSync(file));
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    const compact = text.normalize('NFKC').replace(/\s+/g, '');
    expect(compact).toContain('普及活動報告書'.normalize('NFKC'));
    expect(compact).toContain('Newsletterofyeartwo');
    expect(compact).not.toContain('Newsletterone');
  });

  it('names a bad period and writes nothing', async () => {
    const file = join(out, 'bad.html');
    const r = await herald('report', '--project', 'm-sec', '--year', '9', '--format', 'html', '-o', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the project year must be between 1 and 3');
    expect(() => readFileSync(file)).toThrow();
  });
});
