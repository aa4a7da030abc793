/**
 * `herald verify` on a submitted report: offline with its manifest, then against the database (found by the file's
 * sha256), passing on the untouched database and naming a record changed by SQL behind the app's back; and
 * `herald report submit` refusing a second submission.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/cli';
import { createTestDatabaseEnv } from '../../test/db';
import { makePlan, planInput } from '../../test/factories/plan';
import { activityInput } from '../../test/factories/records';
import { systemActor } from '../auth/permissions';
import { openDatabase, type Database } from '../db/client';
import { reportFiles, reports } from '../db/schema';
import { fixedClock } from '../lib/clock';
import { importPlan } from '../projects/service';
import { createRecord } from '../records/service';
import { submitReport } from '../reports/submit';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let env: Record<string, string>;
let cleanup: () => Promise<void>;
const dir = mkdtempSync(join(tmpdir(), 'herald-verify-'));
const reportFile = join(dir, 'report.html');
const manifestFile = join(dir, 'manifest.json');
let activityId = '';

async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HERALD_DATA_DIR ?? '' });
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

const herald = (...args: string[]) => runCli(args, env);

beforeAll(async () => {
  ({ env, cleanup } = await createTestDatabaseEnv());
  env.HERALD_KEY_FILE = join(dir, 'key.pem');
  await withDb(async (database) => {
    await database.migrate();
    const plan = makePlan({
      kpis: [
        ...(planInput().kpis ?? []),
        {
          id: 'delivered',
          label: 'Delivered activities',
          target: 3,
          target_text: '3',
          measure: { kind: 'count', record: 'activity', where: { status: 'Delivered' } },
        },
      ],
    });
    const db = database.db;
    await importPlan(db, { plan, sourceText: JSON.stringify(plan), sourceName: 't.yaml', actor: 'cli:test' });
    const actor = systemActor('cli:test');
    const clock = fixedClock('2025-02-03T10:00:00Z');
    activityId = (
      await createRecord(db, {
        actor,
        projectId: 'tide-x',
        kind: 'activity',
        input: activityInput({ outcome: 'Covered by the press' }),
        clock,
      })
    ).id;
    const r = await submitReport(db, {
      actor,
      projectId: 'tide-x',
      year: 1,
      lang: 'en',
      clock,
      keyFile: env.HERALD_KEY_FILE as string,
      formats: ['html'],
      acceptWarnings: true,
    });
    const [file] = await db.select().from(reportFiles).where(eq(reportFiles.reportId, r.reportId));
    expect(new TextDecoder().decode(file!.content)).toContain(r.merkleRoot); // the real HTML, with its proof
    const [row] = await db.select().from(reports).where(eq(reports.id, r.reportId));
    writeFileSync(reportFile, file!.content);
    writeFileSync(manifestFile, JSON.stringify(row!.manifest, null, 2));
  });
});
afterAll(async () => {
  await cleanup();
});

describe('herald verify', () => {
  it('checks the file, signature and root offline with the manifest', async () => {
    const r = await herald('verify', reportFile, '--manifest', manifestFile, '--offline');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^ok {4}Ed25519 signature of the manifest \(key [0-9a-f]{16}\)$/m);
    expect(r.stdout).toMatch(/^ok {4}key fingerprint [0-9a-f]{64}$/m);
    expect(r.stdout).toContain('records not checked (no database)');
    expect(r.stdout).toMatch(/verified\n$/);
    const other = join(dir, 'other.html');
    writeFileSync(other, '<!doctype html><p>not the report</p>');
    const bad = await herald('verify', other, '--manifest', manifestFile, '--offline');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('is not in the manifest');
    expect(bad.stdout).toContain('NOT verified');
  });

  it('finds the report by its sha256 in the database and passes while the records are untouched', async () => {
    const r = await herald('verify', reportFile);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('ok    1 of 1 records unchanged since submission');
  });

  it('names a record changed by SQL behind the app’s back (exit 1)', async () => {
    await withDb((d) => d.db.execute(sql`UPDATE activities SET title = 'Tampered' WHERE id = ${activityId}`));
    const r = await herald('verify', reportFile);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`activity ${activityId} changed (behind delivered)`);
    expect(r.stdout).toContain('NOT verified');
  });

  it('report submit refuses a second submission of the same year and language', async () => {
    const r = await herald('report', 'submit', '--project', 'tide-x', '--year', '1', '--format', 'html');
    expect(r).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('herald: a report for year:1 in en has already been submitted'),
    });
  });
});
