/** `herald import` of analytics exports: a complete Zenodo export names the records it lacks; --no-complete; --account. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import { importDir, importPlanYaml } from '../../test/factories/imports';

const dir = importDir();
let env: Record<string, string>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ env, cleanup } = await createTestDatabaseEnv());
  expect((await runCli(['plan', 'import', dir.write('tide-x.yaml', importPlanYaml())], env)).code).toBe(0);
});
afterAll(async () => {
  await cleanup();
  dir.cleanup();
});

const metrics = (file: string, ...args: string[]) =>
  runCli(['import', file, '--project', 'tide-x', '--type', 'metric', '--partner', 'UNIA', ...args], env);
const stats = (name: string, ids: number[]) =>
  dir.write(name, ['id,downloads,views', ...ids.map((id) => `${id},${id}.0,9.0`)].join('\n'));

describe('herald import of analytics exports', () => {
  it('names the records a complete Zenodo export lacks, unless told it is not complete', async () => {
    expect((await metrics(stats('d1.csv', [1, 2, 3]), '--date', '2024-03-31')).code).toBe(0);
    const d2 = stats('d2.csv', [1, 2]);
    const dry = await metrics(d2, '--date', '2024-06-30', '--dry-run', '--no-complete');
    expect(dry.stderr).toBe('');
    const r = await metrics(d2, '--date', '2024-06-30');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `${d2}: complete export of "zenodo" on 2024-06-30: it lacks 1 item counted so far, which no longer count from that date`,
    );
    expect(r.stderr).toContain(`${d2}: missing: 10.5281/zenodo.3`);
  });

  it('imports an X account overview for the account given', async () => {
    const file = dir.write(
      'account_overview_analytics.csv',
      'Date,Impressions,Likes,New follows,Profile visits\n"Mon, Jan 06, 2025",900,20,3,11\n',
    );
    const refused = await metrics(file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('give the account (@handle)');
    const r = await metrics(file, '--account', '@TideX_EU');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('imported 4, duplicates 0, invalid 0');
  });
});
