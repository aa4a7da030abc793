/**
 * A commit job killed mid-way by restarting the app (issue 16): a real `herald serve` commits a 10,000-row upload as
 * an `import.commit` job; once the page shows rows being written it is killed (SIGKILL), and started again on the
 * same data folder. The restarted server retries the job: the interrupted batch counts nowhere (aborted, rows
 * deleted) and the import runs again from the upload's files, so afterwards the import is whole, never partial, and
 * the job's state and result say what happened. (PGlite: one process per data folder.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq, like } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../test/auth-helpers';
import { seedPgliteDataDir } from '../../test/db';
import {
  ACTIVITY_COLUMNS,
  IMPORT_PROJECT,
  activityCells,
  csvOf,
  importTestPlan,
} from '../../test/factories/imports';
import { startServe, waitFor, type ServeProcess } from '../../test/serve-process';
import { createSession } from '../auth/sessions';
import { openDatabase, type Database } from '../db/client';
import { activities, importBatches, jobs } from '../db/schema';
import type { ImportCheckpoint } from './commit-job';

const ROWS = 10_000;
const root = mkdtempSync(join(tmpdir(), 'herald-job-kill-'));
const env = { HERALD_DATA_DIR: join(root, 'data'), HERALD_UPLOAD_DIR: join(root, 'uploads') };
seedPgliteDataDir(env.HERALD_DATA_DIR);
let server: ServeProcess | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Opens the data folder in this process (the server is not running), runs `fn`, closes it. */
async function withDatabase<T>(fn: (db: Database['db'], database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir: env.HERALD_DATA_DIR, command: 'test' });
  try {
    await database.migrate();
    return await fn(database.db, database);
  } finally {
    await database.close();
  }
}

/** The progress fragment's state, phase and numbers. */
function progressOf(html: string) {
  return {
    state: /data-state="(\w+)"/.exec(html)?.[1],
    phase: /data-phase="(\w+)"/.exec(html)?.[1],
    max: Number(/<progress max="(\d+)"/.exec(html)?.[1] ?? 0),
    value: Number(/<progress max="\d+" value="(\d+)"/.exec(html)?.[1] ?? 0),
    finished: html.includes('class="import-result"'),
  };
}

describe('a commit job killed mid-way by a restart', () => {
  it('leaves the whole import (run again from the upload) and the job says so', async () => {
    const { cookie, csrf } = await withDatabase(async (db, database) => {
      await importTestPlan(database);
      const user = await makeUser(db, { role: 'coordinator', projectId: IMPORT_PROJECT });
      const session = await createSession(db, { userId: user.id });
      return { cookie: `herald_session=${session.id}`, csrf: session.csrfToken };
    });
    server = await startServe(env);
    const headers = { cookie, 'x-csrf-token': csrf };

    const rows = Array.from({ length: ROWS }, (_, i) =>
      activityCells(i + 1, { title: `Killed post ${i + 1}`, date: '2025-02-03' }),
    );
    const form = new FormData();
    form.set('type', 'activity');
    form.set('file', new File([csvOf(rows, { columns: ACTIVITY_COLUMNS })], 'bulk.csv'));
    const uploaded = await fetch(`${server.url}/p/${IMPORT_PROJECT}/import`, {
      method: 'POST',
      body: form,
      headers,
      redirect: 'manual',
    });
    expect(uploaded.status).toBe(303);
    const location = uploaded.headers.get('location') ?? '';
    const uploadId = location.split('/').at(-1) ?? '';
    const committed = await fetch(`${server.url}${location}`, {
      method: 'POST',
      body: new URLSearchParams({ mode: 'all', _csrf: csrf }),
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
    });
    expect(committed.status).toBe(303);

    // Wait for rows being written (the import phase, some but not all of them), then kill the server.
    const url = `${server.url}${location}/progress`;
    const seen = await waitFor(
      'the commit job writing rows',
      async () => {
        const p = progressOf(await (await fetch(url, { headers })).text());
        expect(p.finished, 'the import finished before the test could kill it').toBe(false);
        return p.phase === 'import' && p.value > 0 ? p : undefined;
      },
      { boundMs: 240_000, everyMs: 50 },
    );
    server.child.kill('SIGKILL');
    expect((await server.stop()).signal).toBe('SIGKILL');
    expect(seen.value).toBeLessThan(ROWS);

    // What the kill left: the job running (under a lease of a dead process), its batch pending, part of its rows.
    const left = await withDatabase(async (db) => {
      const [job] = await db.select().from(jobs).where(eq(jobs.idempotencyKey, uploadId));
      const batchIds = (job?.result as ImportCheckpoint | null)?.batchIds ?? [];
      const [batch] = await db
        .select()
        .from(importBatches)
        .where(eq(importBatches.id, batchIds[0] ?? ''));
      const [written] = await db
        .select({ n: count() })
        .from(activities)
        .where(like(activities.title, 'Killed post %'));
      return { job, batchIds, batch, written: written?.n ?? 0 };
    });
    expect(left.job).toMatchObject({ state: 'running', attempts: 1 });
    expect(left.batchIds).toHaveLength(1);
    expect(left.batch?.state).toBe('pending');
    expect(left.written).toBeGreaterThan(0);
    expect(left.written).toBeLessThan(ROWS);

    // The same data folder again: the job is retried and finishes.
    server = await startServe(env);
    // The restarted server listens on another free port.
    const restartedUrl = `${server.url}${location}/progress`;
    const final = await waitFor(
      'the retried commit job to finish',
      async () => {
        const html = await (await fetch(restartedUrl, { headers })).text();
        return progressOf(html).finished ? html : undefined;
      },
      { boundMs: 240_000, everyMs: 200 },
    );
    expect(final).toContain('the import was run again from your files');
    expect(final).toContain(`Imported ${ROWS.toLocaleString('en-GB')}, duplicates 0, invalid 0.`);
    await server.stop();
    server = undefined;

    await withDatabase(async (db) => {
      const [job] = await db.select().from(jobs).where(eq(jobs.idempotencyKey, uploadId));
      expect(job).toMatchObject({ state: 'succeeded', attempts: 2 });
      expect(job?.result).toMatchObject({
        status: 'imported',
        imported: ROWS,
        interrupted: { outcome: 'aborted', batchIds: left.batchIds },
      });
      const [old] = await db
        .select()
        .from(importBatches)
        .where(eq(importBatches.id, left.batchIds[0] ?? ''));
      expect(old?.state).toBe('aborted');
      const [all] = await db
        .select({ n: count() })
        .from(activities)
        .where(like(activities.title, 'Killed post %'));
      expect(all?.n, 'the whole import, once').toBe(ROWS);
      const [ofOld] = await db
        .select({ n: count() })
        .from(activities)
        .where(eq(activities.source, `import:${left.batchIds[0]}`));
      expect(ofOld?.n, 'nothing of the interrupted attempt').toBe(0);
    });
  }, 600_000);
});
