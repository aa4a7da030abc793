import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseEnv } from '../../test/db';
import { runCli } from '../../test/cli';

let env: Record<string, string>;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ env, cleanup } = await createTestDatabaseEnv());
});
afterAll(async () => {
  await cleanup();
});

describe('herald plan import', () => {
  it('creates the project, is a no-op the second time, and records a changed plan as version 2', async () => {
    const first = await runCli(['plan', 'import', 'plans/m-sec.yaml'], env);
    expect(first.stderr).toBe('');
    expect(first).toMatchObject({ code: 0, stdout: 'project m-sec: created (version 1)\n' });

    const again = await runCli(['plan', 'import', 'plans/m-sec.yaml', '--project', 'm-sec'], env);
    expect(again).toMatchObject({ code: 0, stdout: 'project m-sec: unchanged (version 1)\n' });

    const changed = join(mkdtempSync(join(tmpdir(), 'herald-plan-')), 'm-sec.yaml');
    const text = readFileSync('plans/m-sec.yaml', 'utf8');
    const edited = text.replace(/^(\s*)duration_months: 36$/m, '$1duration_months: 42');
    expect(edited).not.toBe(text);
    writeFileSync(changed, edited);
    const third = await runCli(['plan', 'import', changed], env);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('project m-sec: updated to version 2, 1 change(s)');
    expect(third.stdout).toContain('changed project.duration_months');
  });

  it('refuses a plan for another project than --project names', async () => {
    const r = await runCli(['plan', 'import', 'plans/m-sec.yaml', '--project', 'other'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('this plan is for project "m-sec", not "other"');
  });
});

describe('herald kpi', () => {
  it('prints every KPI as a table and as JSON', async () => {
    const table = await runCli(['kpi', '--project', 'm-sec', '--at', '2019-12-31'], env);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('m-sec: KPIs from 2018-07-01 to 2019-12-31');
    expect(table.stdout).toMatch(/^social-followers +0 +> 500 +behind +0$/m);
    expect(table.stdout).toMatch(/^ {2}└ joint-eu-jp +0 +>= 5 +not met$/m);

    const json = await runCli(['kpi', '--project', 'm-sec', '--year', '1', '--json', '--lang', 'ja'], env);
    expect(json.code).toBe(0);
    const kpis = JSON.parse(json.stdout) as Array<{
      id: string;
      label: string;
      target: number;
      status: string | null;
      parts: unknown[];
    }>;
    expect(kpis).toHaveLength(18);
    expect(Object.keys(kpis[0]!)).toEqual([
      'id',
      'label',
      'value',
      'target',
      'comparator',
      'status',
      'forecast',
      'parts',
    ]);
    expect(kpis.find((k) => k.id === 'conference-publications')).toMatchObject({
      target: 15,
      parts: [expect.objectContaining({ id: 'joint-eu-jp', target: 5 })],
    });
    // Japanese labels come from the plan.
    expect(kpis.find((k) => k.id === 'newsletters')!.label).not.toBe('Newsletters');
  });

  it('exits 1 with a located message for a bad date or an unknown project', async () => {
    const bad = await runCli(['kpi', '--project', 'm-sec', '--at', '31/12/2019'], env);
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.stderr).toContain('--at must be a date YYYY-MM-DD, not "31/12/2019"');
    const missing = await runCli(['kpi', '--project', 'nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('project "nope" not found');
  });
});
