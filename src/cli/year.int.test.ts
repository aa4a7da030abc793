/**
 * `herald year close|reopen|rebaseline` (audited, a reason required to undo), and `herald kpi --at` after the
 * project end: clamped to the end and said so, with the same figures as the dashboard for that date.
 */
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import { makeUser, TestClient } from '../../test/auth-helpers';
import { rowInserter } from '../../test/factories/rows';
import { openDatabase, type Database } from '../db/client';
import { auditEntries, yearClosures } from '../db/schema';
import { createLogger } from '../log';
import { createApp } from '../web/app';

// Each command opens (and migrates) the database anew: slow on a shared machine, so a generous limit.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let env: Record<string, string>;
let cleanup: () => Promise<void>;

/** Opens the CLI's database between commands (PGlite allows one process on a data folder at a time). */
async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.HERALD_DATA_DIR ?? '',
  });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const herald = (...args: string[]) => runCli(args, env);
const year = (...args: string[]) => herald('year', ...args, '--project', 'm-sec');

beforeAll(async () => {
  ({ env, cleanup } = await createTestDatabaseEnv());
  expect((await herald('plan', 'import', 'plans/m-sec.yaml')).code).toBe(0);
  await withDb(async ({ db }) => {
    await rowInserter(db, 'm-sec', 'F6S').activities([
      { title: 'N1', kind: 'newsletter', startDate: '2018-12-20' },
      { title: 'N2', kind: 'newsletter', startDate: '2019-06-15' },
      { title: 'N3', kind: 'newsletter', startDate: '2019-12-15' },
      { title: 'After the end', kind: 'article', startDate: '2022-03-01' },
    ]);
  });
});
afterAll(async () => {
  await cleanup();
});

describe('herald year', () => {
  it('closes an ended year once, prints its frozen figures, and names what is wrong otherwise', async () => {
    const closed = await year('close', '--year', '1');
    expect(closed).toMatchObject({ code: 0, stderr: '' });
    expect(closed.stdout).toContain('year 1 (as of 2019-06-30) closed: figures frozen');
    expect(closed.stdout).toMatch(/^ {2}newsletters {2}2$/m);

    expect(await year('close', '--year', '1')).toMatchObject({
      code: 1,
      stderr: 'herald: year 1 is already closed\n',
    });
    expect(await year('close', '--year', '9')).toMatchObject({
      code: 1,
      stderr: 'herald: the project has years 1 to 3, not 9\n',
    });
  });

  it('re-opens and re-baselines only with a reason, and audits each step', async () => {
    const noReason = await year('reopen', '--year', '1');
    expect(noReason.code).toBe(1);
    expect(noReason.stderr).toContain("required option '--reason <text>' not specified");
    expect(await year('reopen', '--year', '1', '--reason', '  ')).toMatchObject({
      code: 1,
      stderr: 'herald: a reason is required\n',
    });
    expect(await year('rebaseline', '--year', '2', '--reason', 'x')).toMatchObject({
      code: 1,
      stderr: 'herald: year 2 is not closed\n',
    });

    // A newsletter of year 1 arrives late; re-baselining folds it in.
    await withDb(({ db }) =>
      rowInserter(db, 'm-sec', 'F6S').activities([
        { title: 'Late', kind: 'newsletter', startDate: '2019-05-05' },
      ]),
    );
    const rebaselined = await year('rebaseline', '--year', '1', '--reason', 'late newsletter');
    expect(rebaselined.code).toBe(0);
    expect(rebaselined.stdout).toContain('year 1 (as of 2019-06-30) re-baselined: figures frozen anew');
    expect(rebaselined.stdout).toMatch(/^ {2}newsletters {2}3$/m);

    const reopened = await year('reopen', '--year', '1', '--reason', 'partner correction');
    expect(reopened).toMatchObject({ code: 0, stderr: '' });
    expect(reopened.stdout).toContain('year 1 re-opened');

    await withDb(async ({ db }) => {
      expect(await db.select().from(yearClosures)).toEqual([]);
      const entries = await db
        .select()
        .from(auditEntries)
        .where(and(eq(auditEntries.chain, 'm-sec'), like(auditEntries.action, 'year.%')))
        .orderBy(auditEntries.seq);
      expect(entries.map((e) => e.action)).toEqual(['year.close', 'year.rebaseline', 'year.reopen']);
      expect(entries.every((e) => e.actorId.startsWith('cli'))).toBe(true);
      expect(entries[1]!.after).toMatchObject({ reason: 'late newsletter', values: { newsletters: 3 } });
      expect(entries[2]!.after).toEqual({ year: 1, reason: 'partner correction' });
    });
    expect((await herald('audit', 'verify', '--project', 'm-sec')).code).toBe(0);
  });
});

describe('the window rule: herald kpi --at and the dashboard', () => {
  it('clamp a date after the project end to the end, say so, and agree', async () => {
    const after = await herald('kpi', '--project', 'm-sec', '--at', '2030-01-01', '--json');
    expect(after.code).toBe(0);
    expect(after.stderr).toBe(
      'note: --at 2030-01-01 is after the project end; figures are as of the project end, 2021-06-30\n',
    );
    const atEnd = await herald('kpi', '--project', 'm-sec', '--at', '2021-06-30', '--json');
    expect(atEnd).toMatchObject({ code: 0, stderr: '' });
    expect(after.stdout).toBe(atEnd.stdout);
    const cli = Object.fromEntries(
      (JSON.parse(after.stdout) as Array<{ id: string; value: number }>).map((k) => [k.id, k.value]),
    );
    // The article dated after the end is not counted; the four newsletters are.
    expect(cli).toMatchObject({ newsletters: 4, 'non-scientific-publications': 0 });
    const table = await herald('kpi', '--project', 'm-sec', '--at', '2030-01-01');
    expect(table.stdout).toContain('m-sec: KPIs from 2018-07-01 to 2021-06-30');

    await withDb(async (database) => {
      const app = createApp({ database, log: createLogger('silent') });
      const user = await makeUser(database.db, { role: 'viewer', projectId: 'm-sec' });
      const client = await TestClient.signedIn({ app, db: database.db }, user.id);
      const html = await (await client.get('/p/m-sec/dashboard?to=2030-01-01')).text();
      expect(html).toContain(
        'Figures were asked as of 1 January 2030, after the project end: they are as of the project end, 30 June 2021.',
      );
      for (const [id, value] of Object.entries(cli)) {
        const card = html.slice(html.indexOf(`id="kpi-${id}"`));
        const shown = /class="kpi-value"[^>]*>([^<]*)<\/a>/.exec(card)?.[1];
        expect(shown === '—' ? 0 : Number(shown?.replace(/,/g, '')), id).toBe(value);
      }
    });
  });
});
