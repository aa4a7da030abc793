/**
 * The brand checker's page and API against the M-Sec plan: paste and upload, diagnostics in English and Japanese,
 * who may check, a file that cannot be read (422 naming it), JSON as `herald lint --format json` and SARIF.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthTestApp, makeUser, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { systemActor } from '../auth/permissions';
import { createToken } from '../auth/tokens';
import { importPlan } from '../projects/service';
import { existsSync, readdirSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { activities, auditEntries, brandChecks, evidenceFiles } from '../db/schema';
import { createRunner } from '../jobs/runner';
import { systemClock } from '../lib/clock';
import { createLogger } from '../log';
import { pendingDir } from './evidence';
import { brandCheckJob, brandCleanupJob, cleanBrandFiles, LARGE_PDF } from './jobs';
import { pdfFile } from './test-documents';
import { msecPlan } from './test-plans';

const MSEC = msecPlan();
const ACK = (MSEC.identity!.funding_acknowledgement as { en: string }).en;
const DISCLAIMER =
  "This flyer reflects only the author's view and the Commission is not responsible for any use that may be made of the information it contains.";
const EMBLEMS = '<img src="img/eu.png" alt="EU emblem"><img src="img/nict.png" alt="NICT emblem">';
export const CLEAN_FLYER = `<!doctype html><html><body><h1>M-Sec workshop</h1><p>${ACK}</p><p>${DISCLAIMER}</p>${EMBLEMS}</body></html>`;
export const BAD_FLYER = `<!doctype html><html><body><h1>MSec workshop</h1><p>${DISCLAIMER}</p>${EMBLEMS}</body></html>`;

const P = 'm-sec';
const filesDir = mkdtempSync(join(tmpdir(), 'herald-brand-files-'));
let t: AuthTestApp;
let viewer: TestClient;
let editor: TestClient;
let outsider: TestClient;
let readToken: string;
let wliActivity: string;
let iccsActivity: string;

/** A clean PDF flyer (the acknowledgement over lines, the disclaimer): the records accept PDFs as evidence. */
const cleanPdf = (title: string) =>
  pdfFile([
    [title],
    [
      "The M-Sec project is jointly funded by the European Union's Horizon 2020 research and inno-",
      'vation programme (contract No 814917) and by the Commissioned Research of National Institute of',
      'Information and Communications Technology (NICT), JAPAN (contract No 19501).',
      "This document reflects only the author's view and the Commission is not responsible for any",
      'use that may be made of the information it contains.',
    ],
  ]);

async function activityOf(partner: string, title: string): Promise<string> {
  const [row] = await t.db
    .insert(activities)
    .values({
      projectId: P,
      leadPartner: partner,
      title,
      startDate: '2019-03-01',
      kind: 'flyer',
      type: 'Flyer',
      status: 'Delivered',
      createdBy: 'test',
      updatedBy: 'test',
    })
    .returning({ id: activities.id });
  return row!.id;
}

beforeAll(async () => {
  t = await createAuthTestApp({ filesDir });
  await importPlan(t.db, {
    plan: MSEC,
    sourceText: JSON.stringify(MSEC),
    sourceName: 'm-sec.yaml',
    actor: 'cli:test',
  });
  viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer', projectId: P })).id);
  editor = await TestClient.signedIn(
    t,
    (await makeUser(t.db, { role: 'editor', partnerCode: 'WLI', projectId: P })).id,
  );
  outsider = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
  readToken = (
    await createToken(t.db, {
      actor: systemActor('test'),
      projectId: P,
      input: { name: 'ci', partnerCode: 'WLI', access: 'read' },
    })
  ).token;
  wliActivity = await activityOf('WLI', 'WLI flyer at the expo');
  iccsActivity = await activityOf('ICCS', 'ICCS flyer');
});
afterAll(async () => {
  await t?.close();
  rmSync(filesDir, { recursive: true, force: true });
});

/** A multipart POST from a signed-in browser (session cookie + CSRF header). */
async function upload(
  client: TestClient,
  path: string,
  file: { name: string; data: string | Uint8Array },
  fields: Record<string, string> = {},
): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', new File([file.data], file.name));
  return t.app.request(path, {
    method: 'POST',
    body: form,
    headers: { cookie: client.cookieHeader, 'x-csrf-token': await client.csrfToken() },
  });
}

const api = (body: unknown, opts: { token?: string; query?: string; lang?: string } = {}) =>
  t.app.request(`/api/v1/projects/${P}/brand/check${opts.query ?? ''}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${opts.token ?? readToken}`,
      ...(opts.lang ? { 'accept-language': opts.lang } : {}),
    },
  });

describe('the check page', () => {
  it('shows the upload and paste forms to every member, partner editors too; not to outsiders', async () => {
    for (const c of [viewer, editor]) {
      const res = await c.get(`/p/${P}/brand/check`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('name="file"');
      expect(html).toContain('name="text"');
    }
    expect((await outsider.get(`/p/${P}/brand/check`)).status).toBe(403);
    expect((await new TestClient(t.app).get(`/p/${P}/brand/check`)).status).toBe(302);
  });

  it('checks a pasted social post: the missing hashtag and the misspelt name, at line:column', async () => {
    const res = await viewer.post(`/p/${P}/brand/check/text`, {
      text: 'Meet the MSec team at the expo!',
      kind: 'social',
      network: 'x',
      context: 'dissemination',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-rule="brand/name-spelling"');
    expect(html).toContain('data-rule="brand/social-hashtag"');
    expect(html).toContain('post.txt:1:10');
    expect(html).toContain('Write &quot;M-Sec&quot;.');
  });

  it('uploads a flyer: both errors in Japanese, then the fixed flyer is clean', async () => {
    const bad = await upload(viewer, `/p/${P}/brand/check`, { name: 'flyer.html', data: BAD_FLYER });
    expect(bad.status).toBe(200);
    const html = await bad.text();
    expect(html).toContain('data-rule="brand/name-spelling"');
    expect(html).toContain('data-rule="brand/funding-acknowledgement"');
    expect(html).toContain('data-errors="2"');
    const ok = await upload(viewer, `/p/${P}/brand/check`, { name: 'flyer.html', data: CLEAN_FLYER });
    const clean = await ok.text();
    expect(clean).toContain('data-errors="0"');
    expect(clean).toContain('class="brand-clean"');

    const ja = await t.app.request(`/p/${P}/brand/check/text`, {
      method: 'POST',
      body: new URLSearchParams({ text: 'MSec', kind: 'text', _csrf: await viewer.csrfToken() }),
      headers: {
        cookie: `${viewer.cookieHeader}; lang=ja`,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    const jaHtml = await ja.text();
    expect(jaHtml).toContain('エラー');
    expect(jaHtml).not.toContain('is a spelling of the project name');
  });

  it('refuses a file it cannot read, or a bad field, with 422 naming them; nothing is kept', async () => {
    const res = await upload(viewer, `/p/${P}/brand/check`, {
      name: 'broken.docx',
      data: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('broken.docx');
    const empty = await upload(viewer, `/p/${P}/brand/check`, { name: 'empty.txt', data: '' });
    expect(empty.status).toBe(422);
    const kind = await viewer.post(`/p/${P}/brand/check/text`, { text: 'M-Sec', kind: 'poster' });
    expect(kind.status).toBe(422);
    expect(await kind.text()).toContain('data-field="kind"');
  });
});

describe('the API', () => {
  it('checks JSON text with a read token: the JSON of herald lint', async () => {
    const res = await api({ text: 'The MSec project.', kind: 'text' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      files: { file: string; diagnostics: { ruleId: string; location: unknown }[] }[];
      summary: { errors: number };
    };
    expect(body.files[0]!.file).toBe('pasted.txt');
    expect(body.files[0]!.diagnostics.map((d) => d.ruleId)).toContain('brand/name-spelling');
    const name = body.files[0]!.diagnostics.find((d) => d.ruleId === 'brand/name-spelling');
    expect(name!.location).toEqual({ file: 'pasted.txt', line: 1, column: 5 });
    expect(body.summary.errors).toBeGreaterThanOrEqual(2);
  });

  it('answers SARIF with ?format=sarif, and a multipart file', async () => {
    const form = new FormData();
    form.set('file', new File([BAD_FLYER], 'flyer.html'));
    const res = await t.app.request(`/api/v1/projects/${P}/brand/check?format=sarif`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${readToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/sarif+json');
    const sarif = (await res.json()) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((r) => r.ruleId).sort()).toEqual([
      'brand/funding-acknowledgement',
      'brand/name-spelling',
    ]);
  });

  it('refuses bad bodies and unreadable files (422 naming the file), another project, no token', async () => {
    expect((await api('not json')).status).toBe(400);
    expect((await api({ text: 'M-Sec' }, { query: '?format=xml' })).status).toBe(400);
    const missing = await api({ kind: 'text' });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(await missing.json())).toContain('"path":"text"');
    const form = new FormData();
    form.set('file', new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])], 'paper.pdf'));
    const bad = await t.app.request(`/api/v1/projects/${P}/brand/check`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${readToken}` },
    });
    expect(bad.status).toBe(422);
    const err = (await bad.json()) as { error: { code: string; message: string } };
    expect(err.error.code).toBe('lint_input');
    expect(err.error.message).toContain('paper.pdf');
    const other = await t.app.request('/api/v1/projects/tide-x/brand/check', {
      method: 'POST',
      body: JSON.stringify({ text: 'x' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${readToken}` },
    });
    expect(other.status).toBe(403);
    expect((await api({ text: 'x' }, { token: 'nope' })).status).toBe(401);
  });
});

describe('a clean result as evidence', () => {
  const formValue = (html: string, name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

  it("attaches a clean PDF to the editor's own activity with its summary; the pre-flight notes it", async () => {
    const page = await (
      await upload(editor, `/p/${P}/brand/check`, {
        name: 'expo flyer.pdf',
        data: cleanPdf('M-Sec at the expo'),
      })
    ).text();
    expect(page).toContain('data-errors="0"');
    // Only the editor's partner's activities are offered.
    expect(page).toContain(`value="${wliActivity}"`);
    expect(page).not.toContain(`value="${iccsActivity}"`);
    const sha256 = formValue(page, 'sha256');
    expect(existsSync(join(pendingDir(filesDir, P), sha256))).toBe(true);

    const res = await editor.post(`/p/${P}/brand/check/attach`, {
      activity: wliActivity,
      sha256,
      fileName: formValue(page, 'fileName'),
      context: 'dissemination',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/p/${P}/records/activities/${wliActivity}#files`);
    const [file] = await t.db.select().from(evidenceFiles).where(eq(evidenceFiles.recordId, wliActivity));
    expect(file).toMatchObject({ fileName: 'expo flyer.pdf', contentType: 'application/pdf', sha256 });
    const [check] = await t.db.select().from(brandChecks).where(eq(brandChecks.fileId, file!.id));
    expect(check).toMatchObject({
      projectId: P,
      errors: 0,
      context: 'dissemination',
      sha256,
      rulesetVersion: '0.1.0',
    });
    expect(check!.warnings).toBeGreaterThanOrEqual(0);
    const audit = await t.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, 'brand.check.attach'), eq(auditEntries.entityId, wliActivity)));
    expect(audit).toHaveLength(1);
    expect(existsSync(join(pendingDir(filesDir, P), sha256))).toBe(false);

    // Attached once: the pending copy is gone.
    const again = await editor.post(`/p/${P}/brand/check/attach`, {
      activity: wliActivity,
      sha256,
      fileName: 'expo flyer.pdf',
    });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('no longer kept');

    const preflight = await (await viewer.get(`/p/${P}/reports/preflight?year=1`)).text();
    expect(preflight).toContain('id="preflight-brand"');
    expect(/id="preflight-brand-checked">.*?WLI flyer at the expo/s.test(preflight)).toBe(true);
  });

  it("refuses another partner's activity (403) and an HTML flyer (no evidence form); nothing is written", async () => {
    const page = await (
      await upload(editor, `/p/${P}/brand/check`, { name: 'other.pdf', data: cleanPdf('M-Sec in Athens') })
    ).text();
    const before = (await t.db.select().from(brandChecks)).length;
    const res = await editor.post(`/p/${P}/brand/check/attach`, {
      activity: iccsActivity,
      sha256: formValue(page, 'sha256'),
      fileName: 'other.pdf',
    });
    expect(res.status).toBe(403);
    expect(await t.db.select().from(evidenceFiles).where(eq(evidenceFiles.recordId, iccsActivity))).toEqual(
      [],
    );
    expect((await t.db.select().from(brandChecks)).length).toBe(before);

    const html = await (
      await upload(editor, `/p/${P}/brand/check`, { name: 'flyer.html', data: CLEAN_FLYER })
    ).text();
    expect(html).toContain('data-errors="0"');
    expect(html).not.toContain('name="activity"');
    expect(html).toContain('Only PDF, DOCX and PPTX');
  });

  it('offers no evidence form for a result with errors', async () => {
    const html = await (
      await upload(editor, `/p/${P}/brand/check`, { name: 'bad.pdf', data: pdfFile([['The MSec flyer']]) })
    ).text();
    expect(html).not.toContain('name="activity"');
  });
});

describe('a large PDF as a job', () => {
  const runJobs = () =>
    createRunner({
      db: t.db,
      clock: systemClock,
      log: createLogger('silent'),
      deps: { filesDir },
      jobs: [brandCheckJob, brandCleanupJob],
      schedules: [],
    }).runUntilIdle();

  it('is checked by the job through the real runner: progress, then the result; the upload is removed', async () => {
    const pages = Array.from({ length: LARGE_PDF.pages }, (_, i) => [`MSec page ${i + 1}`]);
    const big = pdfFile([...pages, ["The M-Sec project's closing page"]]);
    const res = await upload(editor, `/p/${P}/brand/check`, { name: 'proceedings.pdf', data: big });
    expect(res.status).toBe(303);
    const href = res.headers.get('location') ?? '';
    expect(href).toMatch(new RegExp(`^/p/${P}/brand/check/jobs/\\d+$`));
    expect(readdirSync(join(filesDir, 'brand-jobs'))).toHaveLength(1);

    const waiting = await (await editor.get(href)).text();
    expect(waiting).toContain(`hx-get="${href}/progress"`);
    expect(waiting).toContain('data-state="queued"');
    // Only whoever asked sees the job.
    expect((await viewer.get(href)).status).toBe(404);

    await runJobs();
    const done = await (await editor.get(`${href}/progress`)).text();
    expect(done).toContain('data-state="succeeded"');
    expect(done).not.toContain('hx-get=');
    expect(done).toContain('data-rule="brand/name-spelling"');
    expect(done).toContain('proceedings.pdf (page 40)');
    expect(readdirSync(join(filesDir, 'brand-jobs'))).toHaveLength(0);
  });

  it('the cleanup removes uploads and pending files older than a day', async () => {
    const page = await (
      await upload(editor, `/p/${P}/brand/check`, { name: 'old.pdf', data: cleanPdf('M-Sec old flyer') })
    ).text();
    const sha256 = /name="sha256" value="([^"]*)"/.exec(page)?.[1] ?? '';
    expect(existsSync(join(pendingDir(filesDir, P), sha256))).toBe(true);
    expect(await cleanBrandFiles(filesDir, new Date())).toBe(0);
    expect(await cleanBrandFiles(filesDir, new Date(Date.now() + 25 * 3600_000))).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(pendingDir(filesDir, P), sha256))).toBe(false);
  });
});
