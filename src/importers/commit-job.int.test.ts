/**
 * Import commits as durable jobs (`import.commit`): the upload page enqueues one per upload (a double submit runs
 * once) and shows its progress and result from the job row; the job acts for the user who asked (a right lost since
 * fails it with the reason); an attempt interrupted by a restart leaves the whole import or nothing, and the retry
 * says which: committed before the restart, run again from the upload's files, or failed with nothing imported.
 */
import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PARTNER_B,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { ACTIVITY_COLUMNS, activityCells, csvOf } from '../../test/factories/imports';
import { userActor } from '../auth/actors';
import { activities, importBatches, jobs, memberships } from '../db/schema';
import { isAppError } from '../errors';
import { enqueue } from '../jobs/queue';
import { systemClock } from '../lib/clock';
import { commitImport, type ChunkInfo } from './commit';
import { INTERRUPTED_NOTHING_IMPORTED, type ImportJobResult } from './commit-job';
import { importCommitJob } from './jobs';
import { runImportJobs } from './testing';
import { deleteUpload, loadUpload, saveUpload, type Upload } from './uploads';

let t: AuthTestApp;
let coordinatorId: string;
let coordinator: TestClient;
let editorA: TestClient;

beforeAll(async () => {
  t = await createAuthTestApp();
  coordinatorId = (await makeUser(t.db, { role: 'coordinator' })).id;
  coordinator = await TestClient.signedIn(t, coordinatorId);
  editorA = await TestClient.signedIn(
    t,
    (await makeUser(t.db, { role: 'editor', partnerCode: PARTNER_A })).id,
  );
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await t.db.delete(jobs);
  await t.db.delete(activities);
  await t.db.delete(importBatches);
});

let files = 0;
/** A CSV of `n` activities titled `<tag> <i>`, alternating partners A and B. */
const csv = (tag: string, n: number) =>
  csvOf(
    Array.from({ length: n }, (_, i) =>
      activityCells(i + 1, { title: `${tag} ${i + 1}`, lead_partner: i % 2 ? PARTNER_B : PARTNER_A }),
    ),
    { columns: ACTIVITY_COLUMNS },
  );

const stored = async (tag: string) =>
  (
    await t.db
      .select({ n: count() })
      .from(activities)
      .where(like(activities.title, `${tag} %`))
  )[0]?.n ?? 0;
const jobRows = () => t.db.select().from(jobs).where(eq(jobs.kind, 'import.commit'));
const batchStates = async (ids: string[]) =>
  (await t.db.select().from(importBatches)).filter((b) => ids.includes(b.id)).map((b) => b.state);

/** An upload of `tag`'s CSV, and its commit job enqueued for `userId` (what the page does). */
async function enqueued(tag: string, n: number, userId = coordinatorId): Promise<Upload> {
  const upload = await saveUpload([{ name: `${tag}-${++files}.csv`, data: Buffer.from(csv(tag, n)) }], {
    projectId: PROJECT,
    owner: 'test-session',
    type: 'activity',
  });
  await enqueue(t.db, {
    job: importCommitJob,
    payload: {
      uploadId: upload.id,
      projectId: PROJECT,
      userId,
      type: 'activity',
      fileName: upload.fileName,
      files: 1,
      skipInvalid: false,
    },
    projectId: PROJECT,
    idempotencyKey: upload.id,
    createdBy: `user:${userId}`,
    clock: systemClock,
  });
  return upload;
}

/** What a restart leaves: the job `running` under a dead process's expired lease, its checkpoint saved. */
async function diedDuringAttempt(uploadId: string, batchIds: string[]): Promise<void> {
  await t.db
    .update(jobs)
    .set({
      state: 'running',
      attempts: 1,
      lockedBy: 'gone:1:1',
      lockedUntil: new Date(0),
      startedAt: new Date(),
      result: { phase: 'import', batchIds },
    })
    .where(and(eq(jobs.kind, 'import.commit'), eq(jobs.idempotencyKey, uploadId)));
}

/** The first attempt, as a process running it would: the user's actor, the upload's files, batch ids kept. */
async function firstAttempt(upload: Upload, hold?: (info: ChunkInfo) => Promise<void>) {
  const actor = await userActor(t.db, coordinatorId);
  let batchIds: string[] = [];
  let known!: () => void;
  const idsKnown = new Promise<void>((r) => (known = r));
  const running = commitImport(t.db, {
    actor: actor!,
    projectId: PROJECT,
    type: 'activity',
    files: upload.files,
    chunkSize: 5,
    onBatches: async (ids) => {
      batchIds = ids;
      known();
    },
    ...(hold ? { afterChunk: hold } : {}),
  });
  await idsKnown;
  return { running, batchIds: () => batchIds };
}

describe('import commits as jobs', () => {
  it('the page enqueues one job per upload, polls it, and shows its result; only its user sees it', async () => {
    const form = new FormData();
    form.set('type', 'activity');
    form.set('file', new File([csv('Paged', 3)], 'paged.csv'));
    const res = await t.app.request(`/p/${PROJECT}/import`, {
      method: 'POST',
      body: form,
      headers: {
        cookie: coordinator.cookieHeader,
        'x-csrf-token': await coordinator.csrfToken(),
        'x-forwarded-for': coordinator.ip,
      },
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    const uploadId = location.split('/').at(-1) ?? '';
    // A double submit: one job, keyed by the upload.
    expect((await coordinator.post(location, { mode: 'all' })).status).toBe(303);
    expect((await coordinator.post(location, { mode: 'all' })).status).toBe(303);
    const queued = await jobRows();
    expect(queued.map((j) => [j.idempotencyKey, j.state, j.createdBy])).toEqual([
      [uploadId, 'queued', `user:${coordinatorId}`],
    ]);
    const waiting = await (await coordinator.get(`${location}/progress`)).text();
    expect(waiting).toContain('hx-trigger="every 500ms"');
    expect(await stored('Paged')).toBe(0);

    expect(await runImportJobs(t.db)).toBe(1);
    const done = await (await coordinator.get(`${location}/progress`)).text();
    expect(done).not.toContain('hx-trigger');
    expect(done).toContain('Imported 3, duplicates 0, invalid 0.');
    const [job] = await jobRows();
    expect(job).toMatchObject({ state: 'succeeded', attempts: 1 });
    expect(job?.result).toMatchObject({ status: 'imported', imported: 3 });
    expect(await stored('Paged')).toBe(3);
    expect(await loadUpload(uploadId), 'the upload is deleted once committed').toBeUndefined();
    // Another user gets nothing of it.
    expect((await editorA.get(location)).status).toBe(404);
    // Posting again after the end runs nothing more.
    expect((await coordinator.post(location, { mode: 'all' })).status).toBe(303);
    expect(await runImportJobs(t.db)).toBe(0);
    expect(await stored('Paged')).toBe(3);
  });

  it('acts for the user who asked: a right lost since the upload fails the job with the reason', async () => {
    const editor = await makeUser(t.db, { role: 'editor', partnerCode: PARTNER_A });
    await enqueued('Lost', 2, editor.id);
    await t.db.delete(memberships).where(eq(memberships.userId, editor.id));
    await runImportJobs(t.db);
    const [job] = await jobRows();
    expect(job?.state).toBe('failed');
    expect(job?.lastError).toMatch(/permission|not allowed|forbidden/i);
    expect(await stored('Lost')).toBe(0);
  });

  it('a restart after the final flip: the retry says the whole import was committed before it', async () => {
    const upload = await enqueued('Flipped', 12);
    const first = await firstAttempt(upload);
    await first.running;
    await diedDuringAttempt(upload.id, first.batchIds());

    await runImportJobs(t.db);
    const [job] = await jobRows();
    expect(job).toMatchObject({ state: 'succeeded', attempts: 2 });
    const result = job?.result as ImportJobResult;
    expect(result).toMatchObject({
      status: 'imported',
      committedBeforeRestart: true,
      imported: 12,
      interrupted: { outcome: 'committed', batchIds: first.batchIds() },
    });
    expect(await stored('Flipped'), 'not imported twice').toBe(12);
    expect(await loadUpload(upload.id)).toBeUndefined();
  });

  it('a restart mid-write: nothing of that attempt counts, and the retry imports the whole file again', async () => {
    const upload = await enqueued('Rerun', 20);
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    let reached!: () => void;
    const arrived = new Promise<void>((r) => (reached = r));
    // The first attempt writes 2 chunks, then stands still (as a killed process would).
    const first = await firstAttempt(upload, async (info) => {
      if (info.chunk !== 2) return;
      reached();
      await opened;
    });
    await arrived;
    const ids = first.batchIds();
    expect(await batchStates(ids)).toEqual(['pending']);
    expect(await stored('Rerun')).toBe(10);
    await diedDuringAttempt(upload.id, ids);

    await runImportJobs(t.db);
    const [job] = await jobRows();
    expect(job).toMatchObject({ state: 'succeeded', attempts: 2 });
    expect(job?.result).toMatchObject({
      status: 'imported',
      imported: 20,
      interrupted: { outcome: 'aborted', batchIds: ids },
    });
    expect(await batchStates(ids)).toEqual(['aborted']);
    expect(await stored('Rerun'), 'the whole file, once').toBe(20);
    // The first writer, were it still alive, stops at its next chunk: its batch was given up.
    open();
    const error = await first.running.catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('import_abandoned');
    expect(await stored('Rerun')).toBe(20);
    const page = await (await coordinator.get(`/p/${PROJECT}/import/${upload.id}/progress`)).text();
    expect(page).toContain('the import was run again from your files');
  });

  it('a restart mid-write with the upload gone: the job fails, saying nothing was imported', async () => {
    const upload = await enqueued('Gone', 20);
    let reached!: () => void;
    const arrived = new Promise<void>((r) => (reached = r));
    const first = await firstAttempt(upload, async (info) => {
      if (info.chunk !== 2) return;
      reached();
      await new Promise<void>(() => undefined);
    });
    await arrived;
    const ids = first.batchIds();
    await diedDuringAttempt(upload.id, ids);
    await deleteUpload(upload.id);

    await runImportJobs(t.db);
    const [job] = await jobRows();
    expect(job).toMatchObject({ state: 'failed', lastError: INTERRUPTED_NOTHING_IMPORTED });
    expect(await batchStates(ids)).toEqual(['aborted']);
    expect(await stored('Gone')).toBe(0);
    const page = await (await coordinator.get(`/p/${PROJECT}/import/${upload.id}/progress`)).text();
    expect(page).toContain(INTERRUPTED_NOTHING_IMPORTED);
  });
});
