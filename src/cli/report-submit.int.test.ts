/**
 * `herald report submit` behind the pre-flight gate: errors refuse and are listed (no flag overrides them); once
 * fixed, warnings still refuse until `--accept-warnings`; then the report is submitted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import { makePlan } from '../../test/factories/plan';
import { activityInput } from '../../test/factories/records';
import { systemActor } from '../auth/permissions';
import { openDatabase, type Database } from '../db/client';
import { reports } from '../db/schema';
import { fixedClock } from '../lib/clock';
import { importPlan } from '../projects/service';
import { createRecord, getRecord, updateRecord } from '../records/service';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let env: Record<string, string>;
let cleanup: () => Promise<void>;
let activityId = '';
const actor = systemActor('cli:test');
const clock = fixedClock('2025-02-03T10:00:00Z');

async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HERALD_DATA_DIR ?? '' });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const submit = (...more: string[]) =>
  runCli(['report', 'submit', '--project', 'tide-x', '--year', '1', '--format', 'html', ...more], env);

beforeAll(async () => {
  ({ env, cleanup } = await createTestDatabaseEnv());
  env.HERALD_KEY_FILE = join(mkdtempSync(join(tmpdir(), 'herald-gate-')), 'key.pem');
  await withDb(async (database) => {
    await database.migrate();
    const plan = makePlan();
    const db = database.db;
    await importPlan(db, { plan, sourceText: JSON.stringify(plan), sourceName: 't.yaml', actor: 'cli:test' });
    // Delivered, no outcome (a Portal mandatory field: an error) and no evidence file (a warning).
    activityId = (
      await createRecord(db, { actor, projectId: 'tide-x', kind: 'activity', input: activityInput(), clock })
    ).id;
  });
});
afterAll(async () => {
  await cleanup();
});

describe('herald report submit: the pre-flight gate', () => {
  it('refuses while there are errors, naming the record and field, even with --accept-warnings', async () => {
    const r = await submit('--accept-warnings');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('herald: the pre-flight found 1 error(s) and 1 warning(s) in year:1');
    expect(r.stderr).toContain(
      `activity ${activityId} “Press release on the first tidal pilot”, field outcome`,
    );
    expect(r.stdout).toBe('');
    expect(await withDb((d) => d.db.select().from(reports))).toEqual([]);
  });

  it('then refuses the warnings until they are accepted, and submits', async () => {
    await withDb(async ({ db }) => {
      const a = await getRecord(db, { actor, projectId: 'tide-x', kind: 'activity', id: activityId });
      await updateRecord(db, {
        actor,
        projectId: 'tide-x',
        kind: 'activity',
        id: activityId,
        version: a.version,
        input: { outcome: 'Covered by two newspapers' },
        mode: 'merge',
        clock,
      });
    });
    const warned = await submit();
    expect(warned.code).toBe(1);
    expect(warned.stderr).toContain('herald: the pre-flight found 1 warning(s) in year:1');
    expect(warned.stderr).toContain('--accept-warnings');
    expect(warned.stderr).toContain('no evidence file');
    const ok = await submit('--accept-warnings');
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(/^report [0-9a-f-]{36} submitted \(year:1, en\)$/m);
  });
});
