/**
 * The reports API (src/reports/api.ts) end to end on a real database: the pre-flight's findings, a draft generated
 * by the web's job (202 + Location, polled to the end) and downloaded byte for byte, submission behind the web's gate
 * (errors refuse whatever the flags, warnings need `accept_warnings`, the confirmation is required), the signed
 * manifest; who may do what; refused requests and every GET write nothing.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createAuthTestApp,
  makeUser,
  PARTNER_A,
  PROJECT,
  TestClient,
  type AuthTestApp,
} from '../../test/auth-helpers';
import { activityInput } from '../../test/factories/records';
import { tableDigest } from '../../test/table-digest';
import { systemActor } from '../auth/permissions';
import { createToken } from '../auth/tokens';
import { createRunner } from '../jobs/runner';
import { fixedClock } from '../lib/clock';
import { createLogger } from '../log';
import { createRecord, getRecord, updateRecord } from '../records/service';
import { reportGenerateJob } from './jobs';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const dir = mkdtempSync(join(tmpdir(), 'herald-reports-api-'));
const clock = fixedClock('2025-02-03T10:00:00Z');
const system = systemActor('test');
const base = `/api/v1/projects/${PROJECT}/reports`;
let t: AuthTestApp;
let coordinator: TestClient;
let viewer: TestClient;
let activityId = '';
const savedChromium = process.env.HERALD_CHROMIUM;

type Body = Record<string, unknown>;
const body = async (res: Response) => (await res.json()) as Body;
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; details: { path?: string }[] } }).error;

beforeAll(async () => {
  // No PDF here (Chromium is the browser tests'): the submission stores HTML and DOCX.
  process.env.HERALD_CHROMIUM = join(dir, 'no-chromium');
  t = await createAuthTestApp({ keyFile: join(dir, 'key.pem'), clock });
  coordinator = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'coordinator' })).id);
  viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
  // Delivered without an outcome (a Portal mandatory field: an error) and without evidence (a warning).
  activityId = (
    await createRecord(t.db, {
      actor: system,
      projectId: PROJECT,
      kind: 'activity',
      input: activityInput(),
      clock,
    })
  ).id;
});
afterAll(async () => {
  if (savedChromium === undefined) delete process.env.HERALD_CHROMIUM;
  else process.env.HERALD_CHROMIUM = savedChromium;
  await t?.close();
});

const runJobs = () =>
  createRunner({
    db: t.db,
    clock,
    log: createLogger('silent'),
    deps: {},
    jobs: [reportGenerateJob],
    schedules: [],
  }).runUntilIdle();

describe('GET …/reports/preflight', () => {
  it('lists the findings with where to fix them, for every member', async () => {
    const res = await viewer.get(`${base}/preflight?year=1`);
    expect(res.status).toBe(200);
    const p = (await res.json()) as {
      scope: string;
      counts: { error: number; warning: number };
      findings: Body[];
    };
    expect(p.scope).toBe('year:1');
    expect(p.counts).toEqual({ error: 1, warning: 1 });
    const error = p.findings.find((f) => f.severity === 'error')!;
    expect(error).toMatchObject({
      rule: 'mandatory',
      kind: 'activity',
      record_id: activityId,
      url: `/api/v1/projects/${PROJECT}/activities/${activityId}`,
      web: `/p/${PROJECT}/records/activities/${activityId}/edit`,
    });
    expect(String(error.message)).not.toBe('');
    expect(String(error.message_ja)).not.toBe(error.message);
  });

  it('answers a bad period with 400 naming it', async () => {
    const res = await viewer.get(`${base}/preflight?year=0`);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details[0]?.path).toBe('year');
  });
});

describe('generating a draft', () => {
  it('is a job: 202 with its Location, polled to the end, then listed and downloaded byte for byte', async () => {
    const res = await coordinator.json('POST', base, { year: 1, lang: 'en', format: 'html' });
    expect(res.status).toBe(202);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${base}/jobs/\\d+$`));
    expect(await body(res)).toMatchObject({
      state: 'queued',
      done: false,
      progress: 0,
      links: { self: location },
    });
    expect(await body(await viewer.get(location))).toMatchObject({ state: 'queued', done: false });

    await runJobs();
    const done = await body(await viewer.get(location));
    expect(done).toMatchObject({ state: 'succeeded', done: true, progress: 1, error: null });
    const reportId = String(done.report_id);
    expect((done.links as Body).report).toBe(`${base}/${reportId}`);

    const list = (await body(await viewer.get(`${base}?state=draft`))).data as Body[];
    const draft = list.find((r) => r.id === reportId)!;
    expect(draft).toMatchObject({ scope: 'year:1', lang: 'en', state: 'draft', merkle_root: null });
    const [file] = draft.files as { url: string; sha256: string; size: number }[];
    const download = await viewer.get(file!.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(bytes.byteLength).toBe(file!.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file!.sha256);
    const again = await viewer.get(file!.url, { 'if-none-match': `"${file!.sha256}"` });
    expect(again.status).toBe(304);
    expect(await body(await viewer.get(`${base}/${reportId}`))).toMatchObject({
      id: reportId,
      state: 'draft',
    });
  });

  it('is refused to viewers and for a bad body, writing nothing', async () => {
    const before = await tableDigest(t.db);
    expect((await viewer.json('POST', base, { year: 1, lang: 'en', format: 'html' })).status).toBe(403);
    const bad = await coordinator.json('POST', base, { year: 1, lang: 'en', format: 'exe' });
    expect(bad.status).toBe(422);
    expect((await errorOf(bad)).details.map((d) => d.path)).toEqual(['format']);
    const noYear = await coordinator.json('POST', base, { year: 7, lang: 'en', format: 'html' });
    expect(noYear.status).toBe(422);
    expect(await tableDigest(t.db)).toEqual(before);
  });
});

describe('submitting', () => {
  const submit = (who: TestClient, o: Body = {}) =>
    who.json('POST', `${base}/submissions`, { year: 1, lang: 'en', confirm: true, ...o });

  it('is refused while the pre-flight finds errors, even with the warnings accepted', async () => {
    const before = await tableDigest(t.db);
    expect((await submit(viewer, { accept_warnings: true })).status).toBe(403);
    const res = await submit(coordinator, { accept_warnings: true });
    expect(res.status).toBe(409);
    const error = await errorOf(res);
    expect(error.code).toBe('preflight_errors');
    expect(error.details[0]?.path).toContain(activityId);
    expect(await tableDigest(t.db)).toEqual(before);
  });

  it('once fixed, needs the confirmation and the warnings accepted, then submits and signs', async () => {
    const a = await getRecord(t.db, { actor: system, projectId: PROJECT, kind: 'activity', id: activityId });
    await updateRecord(t.db, {
      actor: system,
      projectId: PROJECT,
      kind: 'activity',
      id: activityId,
      version: a.version,
      input: { outcome: 'Covered by two newspapers' },
      mode: 'merge',
      clock,
    });
    const before = await tableDigest(t.db);
    const warned = await submit(coordinator);
    expect(warned.status).toBe(409);
    expect((await errorOf(warned)).code).toBe('preflight_warnings');
    const unconfirmed = await submit(coordinator, { confirm: false, accept_warnings: true });
    expect(unconfirmed.status).toBe(422);
    expect((await errorOf(unconfirmed)).details.map((d) => d.path)).toEqual(['confirm']);
    expect(await tableDigest(t.db)).toEqual(before);

    const res = await submit(coordinator, { accept_warnings: true });
    expect(res.status).toBe(201);
    const r = await body(res);
    expect(res.headers.get('location')).toBe(`${base}/${String(r.report_id)}`);
    expect(r).toMatchObject({ scope: 'year:1', lang: 'en', year: 'closed' });
    expect(String(r.merkle_root)).toMatch(/^[0-9a-f]{64}$/);

    const listed = (await body(await viewer.get(`${base}?state=submitted`))).data as Body[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: r.report_id, merkle_root: r.merkle_root, state: 'submitted' });
    const manifest = await viewer.get(String((r.links as Body).manifest));
    expect(manifest.status).toBe(200);
    const m = (await manifest.json()) as Body;
    expect(m.signature).toBeTruthy();
    expect(JSON.stringify(m)).toContain(String(r.merkle_root));
    // The same scope and language again: already submitted.
    const twice = await submit(coordinator, { accept_warnings: true });
    expect(twice.status).toBe(409);
    expect((await errorOf(twice)).code).toBe('report_submitted');
  });
});

describe('access and reads', () => {
  it('needs a member or a token: anonymous is 401, an outsider 403; a read token reads, but neither generates nor submits', async () => {
    expect((await t.app.request(base)).status).toBe(401);
    const outsider = await TestClient.signedIn(t, (await makeUser(t.db)).id);
    expect((await outsider.get(base)).status).toBe(403);
    const { token } = await createToken(t.db, {
      actor: system,
      projectId: PROJECT,
      input: { name: 'reports', partnerCode: PARTNER_A, access: 'read' },
    });
    const bearer = { authorization: `Bearer ${token}` };
    const res = await t.app.request(base, { headers: bearer });
    expect(res.status).toBe(200);
    const list = ((await res.json()) as { data: { id: string; files: { url: string }[] }[] }).data;
    expect(list.length).toBeGreaterThan(0);
    const file = list.flatMap((r) => r.files)[0]?.url ?? '';
    expect((await t.app.request(file, { headers: bearer })).status).toBe(200);
    expect((await t.app.request(`${base}/preflight`, { headers: bearer })).status).toBe(200);
    const before = await tableDigest(t.db);
    const post = (path: string, body: unknown) =>
      t.app.request(path, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post(base, { year: 1, lang: 'en', format: 'html' })).status).toBe(403);
    expect((await post(`${base}/submissions`, { year: 1, lang: 'en', confirm: true })).status).toBe(403);
    expect(await tableDigest(t.db)).toEqual(before);
  });

  it('never writes on a GET, and a missing report or manifest is 404', async () => {
    const list = (await body(await viewer.get(base))).data as { id: string; files: { url: string }[] }[];
    const before = await tableDigest(t.db);
    const paths = [
      base,
      `${base}?state=submitted`,
      `${base}/preflight`,
      `${base}/preflight?from=2024-01-01&to=2024-06-30`,
      ...list.flatMap((r) => [`${base}/${r.id}`, ...r.files.map((f) => f.url)]),
    ];
    for (const path of paths) expect((await viewer.get(path)).status, path).toBe(200);
    const draft = list.find((r) => !r.files.some((f) => f.url.endsWith('/docx')))!;
    expect((await viewer.get(`${base}/${draft.id}/manifest`)).status).toBe(404);
    expect((await viewer.get(`${base}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect(await tableDigest(t.db)).toEqual(before);
  });
});
