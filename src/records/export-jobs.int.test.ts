/**
 * Exports as a job: from the list page above the threshold (form → progress page → download) and from the API
 * (202 + Location → state → file), the file the streamed export's bytes, seen only by whoever asked; a failed or
 * interrupted attempt leaves no file, and the cleanup deletes old files and `.part` leftovers.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PARTNER_B,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { ACTIVITY_COLUMNS, activityCells, csvOf, importDir } from '../../test/factories/imports';
import { systemActor } from '../auth/permissions';
import { commitImport } from '../importers/commit';
import { createRunner } from '../jobs/runner';
import { systemClock } from '../lib/clock';
import { createLogger } from '../log';
import { collectChunks } from './export';
import { cleanExports, EXPORT_TTL_MS, exportCleanupJob, recordExportJob } from './export-jobs';
import { openRecordExport } from './export-stream';

const dir = importDir();
const exportDir = mkdtempSync(join(tmpdir(), 'herald-export-jobs-'));
const saved = { dir: process.env.HERALD_EXPORT_DIR, rows: process.env.HERALD_EXPORT_JOB_ROWS };
let t: AuthTestApp;
let viewer: TestClient;
let other: TestClient;

const runJobs = () =>
  createRunner({
    db: t.db,
    clock: systemClock,
    log: createLogger('silent'),
    deps: {},
    jobs: [recordExportJob, exportCleanupJob],
    schedules: [],
  }).runUntilIdle();

beforeAll(async () => {
  process.env.HERALD_EXPORT_DIR = exportDir;
  process.env.HERALD_EXPORT_JOB_ROWS = '5';
  t = await createAuthTestApp();
  viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
  other = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
  const rows = Array.from({ length: 9 }, (_, i) =>
    activityCells(i + 1, { lead_partner: i % 2 ? PARTNER_A : PARTNER_B, title: `Export ${i + 1}` }),
  );
  const r = await commitImport(t.db, {
    actor: systemActor('test'),
    projectId: PROJECT,
    type: 'activity',
    file: { path: dir.write('seed.csv', csvOf(rows, { columns: ACTIVITY_COLUMNS })) },
  });
  expect(r).toMatchObject({ status: 'imported', imported: 9 });
});
afterAll(async () => {
  await t?.close();
  dir.cleanup();
  rmSync(exportDir, { recursive: true, force: true });
  for (const [key, value] of [
    ['HERALD_EXPORT_DIR', saved.dir],
    ['HERALD_EXPORT_JOB_ROWS', saved.rows],
  ] as const)
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
});

const streamed = async (filter: Record<string, string> = {}) =>
  collectChunks(
    (
      await openRecordExport(t.db, {
        actor: systemActor('test'),
        projectId: PROJECT,
        type: 'activity',
        format: 'csv',
        filter,
      })
    ).chunks,
  );

describe('export jobs', () => {
  it('the list offers a job above the threshold; the page polls, then links the file', async () => {
    const list = await viewer.get(`/p/${PROJECT}/records/activities`);
    const html = await list.text();
    expect(html).toContain(`action="/p/${PROJECT}/records/activities/export"`);
    expect(html).not.toContain(`/p/${PROJECT}/records/activities/export.csv`);
    const small = await (await viewer.get(`/p/${PROJECT}/records/activities?partner=${PARTNER_A}`)).text();
    expect(small).toContain(`/p/${PROJECT}/records/activities/export.csv?partner=${PARTNER_A}`);

    const started = await viewer.post(`/p/${PROJECT}/records/activities/export?partner=${PARTNER_B}`, {
      format: 'csv',
    });
    expect(started.status).toBe(303);
    const page = started.headers.get('location') ?? '';
    expect(page).toMatch(new RegExp(`^/p/${PROJECT}/exports/\\d+$`));
    const waiting = await (await viewer.get(page)).text();
    expect(waiting).toContain(`hx-get="${page}/progress"`);
    expect((await viewer.get(`${page}/download`)).status).toBe(409);

    await runJobs();
    const done = await (await viewer.get(`${page}/progress`)).text();
    expect(done).toContain(`href="${page}/download"`);
    const file = await viewer.get(`${page}/download`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/filename="tide-x-activities-[\d-]+\.csv"/);
    expect(Buffer.from(await file.arrayBuffer()).equals(await streamed({ partner: PARTNER_B }))).toBe(true);
    // Nobody else sees it.
    expect((await other.get(page)).status).toBe(404);
    expect((await other.get(`${page}/download`)).status).toBe(404);
  });

  it('the API starts a job (202 + Location), reports its state, then serves the file', async () => {
    const res = await viewer.json('POST', `/api/v1/projects/${PROJECT}/activities/exports?format=xlsx`);
    expect(res.status).toBe(202);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^/api/v1/projects/${PROJECT}/exports/\\d+$`));
    expect(await res.json()).toMatchObject({ state: 'queued', total: 9, href: location });
    const before = (await (await viewer.json('GET', location)).json()) as { done: boolean; file: unknown };
    expect(before).toMatchObject({ done: false, file: null });

    await runJobs();
    const after = (await (await viewer.json('GET', location)).json()) as {
      state: string;
      rowsDone: number;
      progress: number;
      file: { href: string; bytes: number; sha256: string };
    };
    expect(after).toMatchObject({ state: 'succeeded', rowsDone: 9, progress: 1, type: 'activities' });
    const file = await viewer.json('GET', after.file.href);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.length).toBe(after.file.bytes);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    const bad = await viewer.json('POST', `/api/v1/projects/${PROJECT}/activities/exports?format=pdf`);
    expect(bad.status).toBe(400);
  });

  it('a failed attempt leaves no file; the cleanup deletes old files and .part leftovers only', async () => {
    // A filter the job's requester may no longer use: deleted records need record.delete (viewers lack it).
    const res = await viewer.json(
      'POST',
      `/api/v1/projects/${PROJECT}/activities/exports?format=csv&deleted=only`,
    );
    expect(res.status).toBe(403);

    const before = new Set(readdirSync(exportDir));
    const part = join(exportDir, '999999.part');
    writeFileSync(part, 'half a file');
    const old = new Date(Date.now() - EXPORT_TTL_MS - 60_000);
    utimesSync(part, old, old);
    const fresh = [...before].find((n) => n.endsWith('.csv'))!;
    const kept = join(exportDir, fresh);
    const { removed } = await cleanExports({ now: new Date() });
    expect(removed).toEqual(['999999.part']);
    expect(existsSync(kept)).toBe(true);
    const later = await cleanExports({ now: new Date(Date.now() + EXPORT_TTL_MS + 60_000) });
    expect(later.removed.sort()).toEqual([...before].filter((n) => /^\d+\.(csv|xlsx)$/.test(n)).sort());
    expect(readdirSync(exportDir).filter((n) => n.endsWith('.part'))).toEqual([]);
    // The job still answers, saying the file is gone.
    const jobId = fresh.split('.')[0];
    const page = await (await viewer.get(`/p/${PROJECT}/exports/${jobId}/progress`)).text();
    expect(page).toContain('data-state="succeeded"');
    expect(page).not.toContain('/download');
    expect((await viewer.get(`/p/${PROJECT}/exports/${jobId}/download`)).status).toBe(404);
  });
});
