/**
 * The imports API (src/importers/api.ts) on a real database: a multipart upload streamed to disk and previewed
 * (errors located by file, row and column, paged; duplicates), its commit as the web's job (202 + Location, polled to
 * the end), an upload discarded and a queued commit cancelled; uploads belong to the token or session that sent them;
 * refused requests and every GET write nothing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  makeUser,
  PARTNER_A,
  PARTNER_B,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { ACTIVITY_COLUMNS, activityCells, csvOf } from '../../test/factories/imports';
import { createRecordsTestApp } from '../../test/records';
import { tableDigest } from '../../test/table-digest';
import { systemActor } from '../auth/permissions';
import { createToken, revokeToken } from '../auth/tokens';
import { listRecords } from '../records/service';
import { runImportJobs } from './testing';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const base = `/api/v1/projects/${PROJECT}/imports`;
const system = systemActor('imports-api');
let t: AuthTestApp;
let coordinator: TestClient;
let viewer: TestClient;
let writeA: string;
let readA: string;
let n = 0;

type Body = Record<string, unknown>;
const json = async (res: Response) => (await res.json()) as Body;
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; details: { path?: string }[] } }).error;

beforeAll(async () => {
  t = await createRecordsTestApp();
  coordinator = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'coordinator' })).id);
  viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
  const token = async (access: 'read' | 'write') =>
    (
      await createToken(t.db, {
        actor: system,
        projectId: PROJECT,
        input: { name: `imports-${access}`, partnerCode: PARTNER_A, access },
      })
    ).token;
  writeA = await token('write');
  readA = await token('read');
});
afterAll(async () => {
  await t?.close();
});

/** Unique activity rows of partner A (the write token's partner). */
const rows = (count: number, overrides: Record<string, string> = {}) =>
  Array.from({ length: count }, () => activityCells(++n + 1000, { lead_partner: PARTNER_A, ...overrides }));

/** A multipart upload with a bearer token or a session (its CSRF token in the header). */
function upload(
  as: { token: string } | { client: TestClient },
  fields: Record<string, string>,
  files: { name: string; data: string }[] = [],
): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const f of files) form.append('file', new File([f.data], f.name));
  const headers: Record<string, string> =
    'token' in as
      ? { authorization: `Bearer ${as.token}` }
      : { cookie: as.client.cookieHeader, 'x-csrf-token': as.client.csrf ?? '' };
  return Promise.resolve(t.app.request(base, { method: 'POST', body: form, headers }));
}

const withToken = (token: string, method: string, path: string, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const activityTitles = async () =>
  (
    await listRecords(t.db, {
      actor: system,
      projectId: PROJECT,
      kind: 'activity',
      filter: {},
      pageSize: 200,
    })
  ).records.map((r) => String((r as Body).title));

describe('uploading and previewing', () => {
  it('streams the files, previews them with every error located, and commits as a polled job', async () => {
    const good = rows(3);
    const bad = rows(1, { date: '2024-02-30' });
    const csv = csvOf([...good, ...bad, good[0]!], { columns: ACTIVITY_COLUMNS });
    const res = await upload({ token: writeA }, { type: 'activity' }, [{ name: 'news.csv', data: csv }]);
    expect(res.status).toBe(201);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${base}/[\\w-]{43}$`));
    const p = await json(res);
    expect(p).toMatchObject({
      state: 'previewed',
      type: 'activity',
      rows: 5,
      valid: 3,
      invalid: 1,
      duplicates: 1,
    });
    const errors = p.errors as { errors: Body[]; total: number };
    expect(errors.total).toBe(1);
    expect(errors.errors[0]).toMatchObject({ file: 'news.csv', row: 5, column: 'date' });
    expect(p.duplicate_rows).toEqual([expect.objectContaining({ row: 6, of: 2, file: 'news.csv' })]);

    // The preview again (a GET), one problem's page; nothing written yet.
    const before = await tableDigest(t.db);
    const group = (p.error_groups as { id: string }[])[0]!.id;
    const again = await withToken(writeA, 'GET', `${location}?problem=${group}&page=1`);
    expect(again.status).toBe(200);
    expect(((await json(again)).errors as Body).problem).toBe(group);
    expect(await tableDigest(t.db)).toEqual(before);

    const commit = await withToken(writeA, 'POST', `${location}/commit`, { skip_invalid: true });
    expect(commit.status).toBe(202);
    const jobPath = commit.headers.get('location') ?? '';
    expect(jobPath).toBe(`${location}/job`);
    expect(await json(commit)).toMatchObject({ state: 'queued', done: false });
    // Asking twice is the same job.
    const twice = await withToken(writeA, 'POST', `${location}/commit`);
    expect(twice.status).toBe(202);
    expect((await json(twice)).job_id).toBe((await json(await withToken(writeA, 'GET', jobPath))).job_id);

    await runImportJobs(t.db);
    const done = await json(await withToken(writeA, 'GET', jobPath));
    expect(done).toMatchObject({
      state: 'succeeded',
      done: true,
      result: { status: 'imported', imported: 3 },
    });
    const titles = await activityTitles();
    for (const r of good) expect(titles).toContain(r.title);
    expect(titles).not.toContain(bad[0]!.title);
    const state = await json(await withToken(writeA, 'GET', location));
    expect(state).toMatchObject({ state: 'committing', job: { state: 'succeeded' } });
  });

  it('refuses a bad type, no file and a body that is not multipart, keeping nothing', async () => {
    const before = await tableDigest(t.db);
    const bad = await upload({ token: writeA }, { type: 'paper' }, [{ name: 'x.csv', data: 'a,b\n' }]);
    expect(bad.status).toBe(422);
    expect((await errorOf(bad)).details.map((d) => d.path)).toEqual(['type']);
    const none = await upload({ token: writeA }, { type: 'activity' });
    expect(none.status).toBe(422);
    expect((await errorOf(none)).code).toBe('import_no_file');
    const notMultipart = await withToken(writeA, 'POST', base, { type: 'activity' });
    expect(notMultipart.status).toBe(400);
    const wrongFormat = await upload({ token: writeA }, { type: 'activity', format: 'bibtex' }, [
      { name: 'x.bib', data: '@article{a, title={A}, year={2024}}' },
    ]);
    expect(wrongFormat.status).toBe(400);
    expect(await tableDigest(t.db)).toEqual(before);
  });

  it('keeps a partner token to its own partner’s rows', async () => {
    const csv = csvOf([...rows(1), ...rows(1, { lead_partner: PARTNER_B })], { columns: ACTIVITY_COLUMNS });
    const p = await json(
      await upload({ token: writeA }, { type: 'activity', partner: PARTNER_B }, [
        { name: 'mixed.csv', data: csv },
      ]),
    );
    expect(p).toMatchObject({ rows: 2, valid: 1, invalid: 1 });
  });
});

describe('discarding and cancelling', () => {
  it('discards an upload, and cancels a commit while it is queued', async () => {
    const csv = csvOf(rows(2), { columns: ACTIVITY_COLUMNS });
    const first = (
      await upload({ client: coordinator }, { type: 'activity' }, [{ name: 'a.csv', data: csv }])
    ).headers.get('location')!;
    expect((await coordinator.json('DELETE', first)).status).toBe(204);
    expect((await coordinator.get(first)).status).toBe(404);

    const second = (
      await upload({ client: coordinator }, { type: 'activity' }, [{ name: 'b.csv', data: csv }])
    ).headers.get('location')!;
    expect((await coordinator.json('POST', `${second}/commit`, {})).status).toBe(202);
    const before = await activityTitles();
    expect((await coordinator.json('DELETE', second)).status).toBe(204);
    await runImportJobs(t.db);
    expect(await json(await coordinator.get(`${second}/job`))).toMatchObject({
      state: 'cancelled',
      done: true,
    });
    expect(await activityTitles()).toEqual(before);
    // Nothing left to cancel once it has ended.
    const ended = await coordinator.json('DELETE', second);
    expect(ended.status).toBe(409);
    expect((await errorOf(ended)).code).toBe('conflict');
  });
});

describe('access', () => {
  it('is the import pages’: viewers and read tokens are refused, anonymous is 401', async () => {
    const csv = csvOf(rows(1), { columns: ACTIVITY_COLUMNS });
    const before = await tableDigest(t.db);
    expect(
      (await upload({ client: viewer }, { type: 'activity' }, [{ name: 'v.csv', data: csv }])).status,
    ).toBe(403);
    expect(
      (await upload({ token: readA }, { type: 'activity' }, [{ name: 'r.csv', data: csv }])).status,
    ).toBe(403);
    expect((await t.app.request(base, { method: 'POST', body: new FormData() })).status).toBe(401);
    expect(await tableDigest(t.db)).toEqual(before);
  });

  it('keeps an upload its sender’s: another token or session sees 404', async () => {
    const csv = csvOf(rows(1), { columns: ACTIVITY_COLUMNS });
    const mine = (
      await upload({ token: writeA }, { type: 'activity' }, [{ name: 'm.csv', data: csv }])
    ).headers.get('location')!;
    expect((await coordinator.get(mine)).status).toBe(404);
    expect((await coordinator.json('POST', `${mine}/commit`, {})).status).toBe(404);
    expect((await coordinator.json('DELETE', mine)).status).toBe(404);
    expect((await withToken(writeA, 'GET', mine)).status).toBe(200);
  });

  it('fails a queued commit whose token was revoked, importing nothing', async () => {
    const { token, row } = await createToken(t.db, {
      actor: system,
      projectId: PROJECT,
      input: { name: 'soon-revoked', partnerCode: PARTNER_A, access: 'write' },
    });
    const csv = csvOf(rows(1), { columns: ACTIVITY_COLUMNS });
    const at = (await upload({ token }, { type: 'activity' }, [{ name: 'z.csv', data: csv }])).headers.get(
      'location',
    )!;
    expect((await withToken(token, 'POST', `${at}/commit`)).status).toBe(202);
    const before = await activityTitles();
    await revokeToken(t.db, { actor: system, projectId: PROJECT, tokenId: row.id });
    await runImportJobs(t.db);
    expect(await activityTitles()).toEqual(before);
    expect((await withToken(token, 'GET', `${at}/job`)).status).toBe(401);
  });
});
