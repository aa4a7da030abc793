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
