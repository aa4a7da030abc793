/** `herald portfolio create|add|grant|list|remove|revoke`: the same use cases as the admin page, audited as the CLI. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import { rowsOf } from '../audit/chain';
import { effectiveMembershipsOf } from '../auth/repository';
import { openDatabase, type Database } from '../db/client';
import { users } from '../db/schema';
import { newId } from '../lib/ids';

// Each command opens (and migrates) the database anew: slow on a shared machine, so a generous limit.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let env: Record<string, string>;
let cleanup: () => Promise<void>;
const herald = (...args: string[]) => runCli(args, env);
const userId = newId();

async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HERALD_DATA_DIR ?? '' });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  ({ env, cleanup } = await createTestDatabaseEnv());
  expect((await herald('plan', 'import', 'plans/m-sec.yaml')).code).toBe(0);
  await withDb(({ db }) =>
    db.insert(users).values({ id: userId, email: 'officer@agency.example', name: 'Officer' }),
  );
});
afterAll(() => cleanup?.());

it('creates a portfolio, adds a project, grants and revokes a role, lists, removes: each audited', async () => {
  expect(await herald('portfolio', 'create', 'Research Agency', '--kind', 'agency')).toMatchObject({
    code: 0,
    stdout: 'created portfolio research-agency\n',
  });
  expect((await herald('portfolio', 'create', 'Research agency')).code).toBe(1);
  expect(await herald('portfolio', 'add', 'research-agency', 'm-sec')).toMatchObject({
    code: 0,
    stdout: 'added m-sec to research-agency\n',
  });
  const unknown = await herald('portfolio', 'add', 'research-agency', 'nope');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toContain('There is no project nope');
  expect(
    (await herald('portfolio', 'grant', 'research-agency', 'Officer@Agency.example', 'viewer')).code,
  ).toBe(0);
  expect(
    (await herald('portfolio', 'grant', 'research-agency', 'officer@agency.example', 'editor')).code,
  ).toBe(1);
  const listed = await herald('portfolio', 'list');
  expect(listed.stdout).toContain('research-agency  Research Agency  [agency]  1 projects  1 members');
  const one = await herald('portfolio', 'list', 'research-agency');
  expect(one.stdout).toContain('project m-sec');
  expect(one.stdout).toContain('member  officer@agency.example  viewer');
  expect(await withDb(({ db }) => effectiveMembershipsOf(db, userId))).toEqual([
    { projectId: 'm-sec', role: 'viewer', partnerCode: null, portfolioId: 'research-agency' },
  ]);

  expect((await herald('portfolio', 'revoke', 'research-agency', 'officer@agency.example')).code).toBe(0);
  expect((await herald('portfolio', 'remove', 'research-agency', 'm-sec')).code).toBe(0);
  expect(await withDb(({ db }) => effectiveMembershipsOf(db, userId))).toEqual([]);

  const audit = await withDb(async ({ db }) =>
    rowsOf<{ action: string; actor_id: string }>(
      await db.execute(
        sql`select action, actor_id from audit_entries where chain = 'instance' and action like 'portfolio.%' order by seq`,
      ),
    ),
  );
  expect(audit.map((a) => a.action)).toEqual([
    'portfolio.create',
    'portfolio.add-project',
    'portfolio.grant',
    'portfolio.revoke',
    'portfolio.remove-project',
  ]);
  expect(audit.every((a) => a.actor_id.startsWith('cli:'))).toBe(true);
});
