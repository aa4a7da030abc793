/**
 * Chunked commits (issue 15): an import writes its rows in short per-chunk transactions under a pending batch that
 * counts nowhere, and one final transaction makes them visible. All or nothing; other requests answer meanwhile.
 */
import { count, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeUser, TestClient } from '../../test/auth-helpers';
import {
  ACTIVITY_COLUMNS,
  IMPORT_PROJECT as PROJECT,
  activityCells,
  csvOf,
  importDir,
  importTestPlan,
} from '../../test/factories/imports';
import { createTestDatabase } from '../../test/db';
import { systemActor } from '../auth/permissions';
import type { Database } from '../db/client';
import { activities, auditEntries, importBatches, jobs, yearClosures } from '../db/schema';
import { createRunner } from '../jobs/runner';
import { systemClock } from '../lib/clock';
import { createLogger } from '../log';
import { listRecords } from '../records/service';
import { createApp } from '../web/app';
import { writeFileSync } from 'node:fs';
import { commitImport, listImportBatches, previewImport, type ChunkInfo, type ImportStep } from './commit';
import { recoverAbandoned } from './pending';
import { importTidyJob, tidyBatches } from './tidy-job';

const dir = importDir();
const system = systemActor('test');
let database: Database;
let app: ReturnType<typeof createApp>;
let viewer: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  await importTestPlan(database);
  app = createApp({ database, log: createLogger('silent') });
  const user = await makeUser(database.db, { role: 'viewer' });
  viewer = await TestClient.signedIn({ app, db: database.db }, user.id);
});
afterAll(async () => {
  await database.close();
  dir.cleanup();
});
beforeEach(async () => {
  await database.db.delete(activities);
  await database.db.delete(importBatches);
  await database.db.delete(yearClosures);
  await database.db.delete(jobs);
});

let files = 0;
/** An activity CSV of `n` rows numbered from `from`, dated in 2025 (after any closed year). */
const activityFile = (n: number, from = 1) =>
  dir.write(
    `chunked-${++files}.csv`,
    csvOf(
      Array.from({ length: n }, (_, i) =>
        activityCells(from + i, { date: `2025-03-${String((i % 28) + 1).padStart(2, '0')}` }),
      ),
      { columns: ACTIVITY_COLUMNS },
    ),
  );

const request = (path: string) => ({
  actor: system,
  projectId: PROJECT,
  type: 'activity' as const,
  file: { path },
});

/** Rows in the table, visible or not. */
const stored = async () => (await database.db.select({ n: count() }).from(activities))[0]?.n ?? 0;
const visible = async () =>
  (await listRecords(database.db, { actor: system, projectId: PROJECT, kind: 'activity', filter: {} })).total;
/** Rows still carrying an import batch's marker. */
const marked = async () =>
  (await database.db.select({ n: count() }).from(activities).where(isNotNull(activities.pendingBatch)))[0]
    ?.n ?? 0;
const batchStates = async () =>
  (await database.db.select({ state: importBatches.state }).from(importBatches)).map((b) => b.state);

/** A gate the import waits at after chunk `at`, until the test opens it. */
function gate(at: number) {
  let open!: () => void;
  let reached!: (info: ChunkInfo) => void;
  const opened = new Promise<void>((r) => (open = r));
  const arrived = new Promise<ChunkInfo>((r) => (reached = r));
  return {
    afterChunk: async (info: ChunkInfo) => {
      if (info.chunk !== at) return;
      reached(info);
      await opened;
    },
    arrived,
    open: () => open(),
  };
}

describe('chunked import commits', () => {
  it('writes chunk by chunk under a pending batch; other requests answer and see none of it until the commit', async () => {
    const path = activityFile(50);
    const g = gate(2);
    const steps: ImportStep[] = [];
    const running = commitImport(database.db, {
      ...request(path),
      chunkSize: 10,
      afterChunk: g.afterChunk,
      onProgress: (s) => steps.push(s),
    });
    const info = await g.arrived;
    // Two chunks are in the table, under a pending batch, and the progress shows the insert phase.
    expect(info).toMatchObject({ chunk: 2, written: 20 });
    expect(await stored()).toBe(20);
    expect(steps.filter((s) => s.phase === 'import').map((s) => s.rows)).toEqual([10, 20]);
    expect(await batchStates()).toEqual(['pending']);
    // Meanwhile the database answers others, and shows nothing of the pending rows.
    expect((await app.request('/healthz')).status).toBe(200);
    expect(await visible()).toBe(0);
    const list = await viewer.get(`/p/${PROJECT}/records/activities`);
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain('Post 1 about the pilot');
    const api = await viewer.get(`/api/v1/projects/${PROJECT}/activities`);
    expect(((await api.json()) as { total: number }).total).toBe(0);
    expect((await viewer.get(`/p/${PROJECT}/dashboard`)).status).toBe(200);
    expect(await listImportBatches(database.db, { actor: system, projectId: PROJECT })).toEqual([]);

    g.open();
    const result = await running;
    expect(result).toMatchObject({ status: 'imported', imported: 50 });
    expect(await visible()).toBe(50);
    expect(await batchStates()).toEqual(['committed']);
    expect(steps.at(-1)).toMatchObject({ phase: 'import', done: 50, total: 50, rows: 50 });
    // The commit did not wait for the tidy-up: the rows still carry their marker, and count everywhere already.
    expect(await marked()).toBe(50);
    const listed = await viewer.get(`/p/${PROJECT}/records/activities`);
    expect(await listed.text()).toContain('50 records');
    const counted = await viewer.get(`/api/v1/projects/${PROJECT}/activities`);
    expect(((await counted.json()) as { total: number }).total).toBe(50);
    // One background job clears the markers of the committed batch.
    const tidy = await database.db.select().from(jobs).where(eq(jobs.kind, 'import.tidy'));
    expect(tidy.map((j) => [j.state, j.payload])).toEqual([
      ['queued', { type: 'activity', batchIds: [result.batchId] }],
    ]);
    const runner = createRunner({
      db: database.db,
      clock: systemClock,
      log: createLogger('silent'),
      deps: {},
      jobs: [importTidyJob],
      schedules: [],
    });
    expect(await runner.runUntilIdle()).toBe(1);
    expect(await marked()).toBe(0);
    expect(await visible()).toBe(50);
    // One audit entry of each kind for the batch.
    const audit = await database.db
      .select({ action: auditEntries.action, after: auditEntries.after })
      .from(auditEntries)
      .where(eq(auditEntries.entityId, result.batchId ?? ''));
    expect(audit.map((a) => a.action).sort()).toEqual(['import.commit', 'record.import']);
    expect(audit.find((a) => a.action === 'record.import')?.after).toMatchObject({ count: 50 });
    expect(await listImportBatches(database.db, { actor: system, projectId: PROJECT })).toHaveLength(1);
  });

  it('tidies only committed batches: the markers of a pending one stay, and its rows count nowhere', async () => {
    const g = gate(2);
    const running = commitImport(database.db, {
      ...request(activityFile(30)),
      chunkSize: 10,
      afterChunk: g.afterChunk,
    });
    const info = await g.arrived;
    expect(await tidyBatches(database.db, { type: 'activity', batchIds: [info.batchId] })).toEqual([]);
    expect(await marked()).toBe(20);
    expect(await visible()).toBe(0);
    g.open();
    expect(await running).toMatchObject({ status: 'imported', imported: 30 });
    expect(await tidyBatches(database.db, { type: 'activity', batchIds: [info.batchId] })).toEqual([
      info.batchId,
    ]);
    expect(await marked()).toBe(0);
    expect(await visible()).toBe(30);
  });

  it('leaves nothing when a middle chunk fails: the batch is aborted and its rows deleted', async () => {
    const path = activityFile(50);
    await expect(
      commitImport(database.db, {
        ...request(path),
        chunkSize: 10,
        afterChunk: (info) => {
          if (info.chunk === 3) throw new Error('injected failure after chunk 3');
        },
      }),
    ).rejects.toThrow('injected failure');
    expect(await stored()).toBe(0);
    expect(await visible()).toBe(0);
    expect(await batchStates()).toEqual(['aborted']);
    expect(await listImportBatches(database.db, { actor: system, projectId: PROJECT })).toEqual([]);
    const [aborted] = await database.db.select({ id: importBatches.id }).from(importBatches);
    const commits = await database.db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.entityId, aborted?.id ?? ''));
    expect(commits).toEqual([]);
  });

  it('stops when its batch was given up meanwhile (another process judged it abandoned)', async () => {
    const g = gate(1);
    const running = commitImport(database.db, {
      ...request(activityFile(30)),
      chunkSize: 10,
      afterChunk: g.afterChunk,
    });
    await g.arrived;
    expect(await recoverAbandoned(database.db, { now: new Date(Date.now() + 3_600_000) })).toHaveLength(1);
    g.open();
    await expect(running).rejects.toMatchObject({ code: 'import_abandoned' });
    expect(await stored()).toBe(0);
    expect(await batchStates()).toEqual(['aborted']);
  });

  it('re-checks the year closures at the commit: a year closed meanwhile stops the import', async () => {
    const g = gate(1);
    const running = commitImport(database.db, {
      ...request(activityFile(30)),
      chunkSize: 10,
      afterChunk: g.afterChunk,
    });
    await g.arrived;
    const { closeYear } = await import('../kpi/year-closures');
    await closeYear(database.db, { actor: system, projectId: PROJECT, year: 1 });
    g.open();
    await expect(running).rejects.toMatchObject({ code: 'import_year_closed', params: { year: 1 } });
    expect(await stored()).toBe(0);
  });

  it('parses, validates and writes in one pass: an invalid row the preview did not see stops it, and nothing stays', async () => {
    const rows = (bad: boolean) =>
      Array.from({ length: 1500 }, (_, i) =>
        activityCells(i + 1, {
          date: bad && i === 1399 ? '2025-13-45' : `2025-03-${String((i % 28) + 1).padStart(2, '0')}`,
        }),
      );
    const path = dir.write(`one-pass-${++files}.csv`, csvOf(rows(false), { columns: ACTIVITY_COLUMNS }));
    expect(await previewImport(database.db, request(path))).toMatchObject({ valid: 1500, invalid: 0 });
    // The file changes between the preview and the commit: row 1400 is now invalid.
    writeFileSync(path, csvOf(rows(true), { columns: ACTIVITY_COLUMNS }));
    const chunks: ChunkInfo[] = [];
    let storedAtChunk = 0;
    const result = await commitImport(database.db, {
      ...request(path),
      chunkSize: 250,
      afterChunk: async (info) => {
        chunks.push(info);
        storedAtChunk = await stored();
      },
    });
    // Rows were written while the file was still being read (one pass, no check pass first)…
    expect(chunks.map((c) => c.written)).toEqual([250, 500, 750, 1000]);
    expect(storedAtChunk).toBe(1000);
    // …then the invalid row stopped the writing: rejected, with the error where it is, and nothing left behind.
    expect(result).toMatchObject({ status: 'rejected', imported: 0, invalid: 1, valid: 1499 });
    expect(result.errors[0]).toMatchObject({
      file: path.split('/').pop(),
      row: 1401,
      line: 1401,
      column: 'date',
    });
    expect(await stored()).toBe(0);
    expect(await batchStates()).toEqual([]);
    expect(await visible()).toBe(0);
  });

  it('runs two imports of one file one after the other: the second finds the first’s rows duplicates', async () => {
    const path = activityFile(25);
    const [a, b] = await Promise.all([
      commitImport(database.db, { ...request(path), chunkSize: 5 }),
      commitImport(database.db, { ...request(path), chunkSize: 5 }),
    ]);
    expect([a.imported, b.imported].sort()).toEqual([0, 25]);
    expect(await visible()).toBe(25);
  });
});
