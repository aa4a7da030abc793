import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import {
  ACTIVITY_COLUMNS,
  activityCells,
  csvOf,
  importDir,
  importPlanYaml,
} from '../../test/factories/imports';

const dir = importDir();
let env: Record<string, string>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ env, cleanup } = await createTestDatabaseEnv());
  const plan = await runCli(['plan', 'import', dir.write('tide-x.yaml', importPlanYaml())], env);
  expect(plan.code).toBe(0);
});
afterAll(async () => {
  await cleanup();
  dir.cleanup();
});

const herald = (file: string, ...args: string[]) =>
  runCli(['import', file, '--project', 'tide-x', '--type', 'activity', ...args], env);
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);
const activitiesCsv = (name: string, rows: Record<string, string | undefined>[]) =>
  dir.write(name, csvOf(rows, { columns: ACTIVITY_COLUMNS }));

describe('herald import', () => {
  it('imports a file, and a second time imports nothing (all duplicates)', async () => {
    const file = activitiesCsv('a.csv', [activityCells(1), activityCells(2), activityCells(3)]);
    const first = await herald(file);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(lastLine(first.stdout)).toBe('imported 3, duplicates 0, invalid 0');
    const again = await herald(file);
    expect(again.code).toBe(0);
    expect(lastLine(again.stdout)).toBe('imported 0, duplicates 3, invalid 0');
    expect(again.stderr).toContain(
      `${file}:2: duplicate of a record already in the project: Post 1 about the pilot`,
    );
  });

  it('prints FILE:ROW:COLUMN errors, imports nothing and exits 1 when a row is invalid', async () => {
    const file = activitiesCsv('bad.csv', [
      activityCells(11),
      activityCells(12, { date: '2024-13-45' }),
      activityCells(13, { lead_partner: 'Nobody' }),
    ]);
    const r = await herald(file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:3:date: "2024-13-45" is not a date`);
    expect(r.stderr).toContain(`${file}:4:lead_partner: unknown partner "Nobody" (known: CORPB, JPU, UNIA)`);
    expect(r.stderr).toContain('nothing imported: 2 invalid rows;');
    expect(lastLine(r.stdout)).toBe('imported 0, duplicates 0, invalid 2');

    const dry = await herald(file, '--dry-run', '--skip-invalid');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      'dry run: nothing written; an import would add 1 record\nimported 0, duplicates 0, invalid 2\n',
    );

    const skipped = await herald(file, '--skip-invalid');
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain('2 invalid rows left out (--skip-invalid)');
    expect(lastLine(skipped.stdout)).toBe('imported 1, duplicates 0, invalid 2');
    expect(lastLine((await herald(file, '--skip-invalid')).stdout)).toBe(
      'imported 0, duplicates 1, invalid 2',
    );
  });

  it('--dry-run writes nothing', async () => {
    const file = activitiesCsv('dry.csv', [activityCells(21), activityCells(22)]);
    const dry = await herald(file, '--dry-run');
    expect(dry).toMatchObject({ code: 0 });
    expect(lastLine(dry.stdout)).toBe('imported 0, duplicates 0, invalid 0');
    expect(dry.stdout).toContain('an import would add 2 records');
    const real = await herald(file);
    expect(lastLine(real.stdout)).toBe('imported 2, duplicates 0, invalid 0');
  });

  it('names a missing column and exits 1; --partner gives the lead partner of files without one', async () => {
    const columns = ACTIVITY_COLUMNS.filter((c) => c !== 'lead_partner');
    const file = dir.write('no-lead.csv', csvOf([activityCells(31), activityCells(32)], { columns }));
    const missing = await herald(file);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${file}:1:lead_partner: missing required column "lead_partner"`);
    expect(lastLine(missing.stdout)).toBe('imported 0, duplicates 0, invalid 0');
    const withPartner = await herald(file, '--partner', 'nihon daigaku');
    expect(withPartner.stderr).toBe('');
    expect(lastLine(withPartner.stdout)).toBe('imported 2, duplicates 0, invalid 0');
  });

  it('imports BibTeX with a broken entry only with --skip-invalid', async () => {
    const file = dir.write(
      'refs.bib',
      '@article{a, author = {Silva, Ana}, title = {One}, journal = {J}, year = {2024}, doi = {10.1000/one}}\n' +
        '@article{b, author = {Doe, Jane} title = {Two}, journal = {J}, year = {2024}}\n',
    );
    const args = ['import', file, '--project', 'tide-x', '--type', 'publication', '--partner', 'UNIA'];
    const refused = await runCli(args, env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`${file}:2: broken BibTeX entry "b"`));
    expect(lastLine(refused.stdout)).toBe('imported 0, duplicates 0, invalid 1');
    const skipped = await runCli([...args, '--skip-invalid'], env);
    expect(lastLine(skipped.stdout)).toBe('imported 1, duplicates 0, invalid 1');
  });

  it('imports Zenodo stats with --date (and names the missing date without it)', async () => {
    const file = dir.write('zenodo.csv', 'id,downloads,views\n8226636,1.0,19.0\n8212833,5.0,31.0\n');
    const args = ['import', file, '--project', 'tide-x', '--type', 'metric', '--partner', 'UNIA'];
    const noDate = await runCli(args, env);
    expect(noDate.code).toBe(1);
    expect(noDate.stderr).toContain('Zenodo stats carry no date');
    const r = await runCli([...args, '--date', '2024-06-30'], env);
    expect(r.stderr).toBe('');
    expect(lastLine(r.stdout)).toBe('imported 4, duplicates 0, invalid 0');
    expect(lastLine((await runCli([...args, '--date', '2024-06-30'], env)).stdout)).toBe(
      'imported 0, duplicates 4, invalid 0',
    );
    expect((await runCli([...args, '--date', '30/06/2024'], env)).code).toBe(1);
  });

  it('refuses bad options and unknown projects', async () => {
    const file = activitiesCsv('x.csv', [activityCells(41)]);
    expect((await runCli(['import', file, '--project', 'tide-x', '--type', 'paper'], env)).code).toBe(1);
    const unknown = await runCli(['import', file, '--project', 'nope', '--type', 'activity'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('project not found');
    const missing = await herald(dir.path('missing.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
  });

  it('imports several files and a quoted wildcard in one step, all or nothing', async () => {
    mkdirSync(dir.path('exports'), { recursive: true });
    const a = activitiesCsv('multi-a.csv', [activityCells(51), activityCells(52)]);
    const b = activitiesCsv('exports/2024-01.csv', [activityCells(53)]);
    const c = activitiesCsv('exports/2024-02.csv', [
      activityCells(54),
      activityCells(55, { date: '2024-02-30' }),
    ]);
    const refused = await herald(a, dir.path('exports/*.csv'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${c}:3:date: "2024-02-30" is not a date`);
    expect(refused.stderr).toContain('3 files: nothing imported: 1 invalid row;');
    expect(refused.stdout).toContain(`${a}: 2 rows, valid 2, duplicates 0, invalid 0\n${b}: 1 row, valid 1`);
    expect(lastLine(refused.stdout)).toBe('imported 0, duplicates 0, invalid 1');

    const fixed = activitiesCsv('exports/2024-02.csv', [activityCells(54), activityCells(55)]);
    expect(fixed).toBe(c);
    const done = await herald(a, dir.path('exports/*.csv'));
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`${b}: 1 row, imported 1, duplicates 0, invalid 0`);
    expect(lastLine(done.stdout)).toBe('imported 5, duplicates 0, invalid 0');
    const none = await herald(dir.path('nothing/*.csv'));
    expect(none).toMatchObject({ code: 1, stderr: `${dir.path('nothing/*.csv')}: no file matches\n` });
  });

  it('--errors FILE writes every problem, however many', async () => {
    const rows = Array.from({ length: 120 }, (_, i) =>
      activityCells(300 + i, { date: `2024-02-${30 + (i % 2)}` }),
    );
    const file = activitiesCsv('many-bad.csv', rows);
    const out = dir.path('problems.csv');
    const r = await herald(file, '--errors', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`… and 70 more errors (all of them are in ${out})`);
    expect(r.stderr).toContain(`${out}: 120 problems written`);
    const lines = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('File,Line,Entry,Column,Problem,Problem (English)');
    expect(lines).toHaveLength(121);
    const message = '"""2024-02-30"" is not a date (expected YYYY-MM-DD or DD/MM/YYYY)"';
    expect(lines[1]).toBe(`${file},2,row 2,date,${message},${message}`);
    expect(lines[120]).toMatch(new RegExp(`^${file},121,row 121,date,`));
  });

  it('--type takes the plural names of the URLs', async () => {
    const file = dir.write(
      'plural.bib',
      '@article{pl1, author = {Silva, Ana}, title = {Plural}, journal = {J}, year = {2024}, doi = {10.1000/plural}}\n',
    );
    const r = await runCli(
      ['import', file, '--project', 'tide-x', '--type', 'publications', '--partner', 'UNIA', '--dry-run'],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('an import would add 1 record\n');
  });
});
