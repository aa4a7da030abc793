/** `herald lint --project ID`: the rules come from the project's current plan in the database. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';

// Each command opens (and migrates) the database anew: slow on a shared machine, so a generous limit.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let env: Record<string, string>;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ env, cleanup } = await createTestDatabaseEnv());
  expect((await runCli(['plan', 'import', 'plans/m-sec.yaml'], env)).code).toBe(0);
});
afterAll(() => cleanup());

describe('herald lint --project', () => {
  it("checks against the project's current plan; an unknown project is a usage error", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'herald-lint-')), 'post.txt');
    writeFileSync(file, 'The M Sec pilot starts today');
    const r = await runCli(['lint', file, '--project', 'm-sec', '--social', 'linkedin'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:1:5: error [brand/name-spelling] "M Sec"`);
    expect(r.stdout).toContain('The post lacks the project hashtag #MSecProject.');
    const unknown = await runCli(['lint', file, '--project', 'nope'], env);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'herald lint: --project nope: no such project\n']);
  });
});
