/**
 * `herald init` in-process on both engines: --import creates the project and `herald plan import` of the written
 * file is unchanged; a bad flag exits 2 naming it, a bad partner row exits 1 naming its row and column.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseEnv } from '../../test/db';
import { runCli } from '../../test/cli';

let env: Record<string, string>;
let cleanup: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'herald-init-'));
const partners = join(dir, 'partners.tsv');
const plan = join(dir, 'plan.yaml');
writeFileSync(
  partners,
  'No\tCode\tName\tCountry\tType\n1\tUNI\tUni Somewhere\tDE\tHES\n2\tACME\tAcme SA\tFR\tPRC\n',
);
const base = ['init', '--acronym', 'Quill', '--programme', 'H2020', '--grant', '871234'];
const facts = ['--start', '2024-03-01', '--months', '30', '--partners', partners];

beforeAll(async () => {
  ({ env, cleanup } = await createTestDatabaseEnv());
});
afterAll(async () => {
  await cleanup();
});

describe('herald init', () => {
  it('writes the plan, imports it, and the file imports back unchanged', async () => {
    const r = await runCli([...base, ...facts, '--size', 'small', '--out', plan, '--import'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('project quill: created (version 1)');
    expect(readFileSync(plan, 'utf8')).toContain('doi: 10.3030/871234');
    const again = await runCli(['plan', 'import', plan], env);
    expect(again).toMatchObject({ code: 0, stdout: 'project quill: unchanged (version 1)\n' });
  });

  it('exits 2 naming a bad flag, 1 naming a bad partner row and column', async () => {
    const months = await runCli(
      [...base, '--start', '2024-03-01', '--months', 'ten', '--partners', partners],
      env,
    );
    expect(months.code).toBe(2);
    expect(months.stderr).toContain('--months: ');
    const programme = await runCli(
      ['init', '--acronym', 'Q', '--programme', 'FP7', '--grant', '1', ...facts],
      env,
    );
    expect(programme.code).toBe(2);
    expect(programme.stderr).toContain('--programme');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'number,code,name,country,kind\n1,UNI,Uni,DE,HES\n2,ACME,Acme,France,PRC\n');
    const rows = await runCli([...base, '--start', '2024-03-01', '--months', '30', '--partners', bad], env);
    expect(rows).toMatchObject({ code: 1, stdout: '' });
    expect(rows.stderr).toBe(`${bad}: row 3, column country: "France" is not a two-letter country code\n`);
  });
});
