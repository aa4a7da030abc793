/**
 * The submit page end to end: the pre-flight gates it (errors refuse with no way round, warnings need the box
 * ticked), the confirmation is required, a submission stores the files and redirects to the submitted report; the
 * reports page summarises the pre-flight and lists the submitted report (root, fingerprint, submitter); the stored
 * file downloads byte for byte, and the manifest downloads as the JSON `herald verify --manifest` accepts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../test/cli';
import { createAuthTestApp, makeUser, PROJECT, TestClient, type AuthTestApp } from '../../test/auth-helpers';
import { activityInput } from '../../test/factories/records';
import { rowsOf } from '../audit/chain';
import { systemActor } from '../auth/permissions';
import { reportFiles } from '../db/schema';
import { fixedClock } from '../lib/clock';
import { createRecord, getRecord, updateRecord } from '../records/service';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const dir = mkdtempSync(join(tmpdir(), 'herald-submit-web-'));
const clock = fixedClock('2025-02-03T10:00:00Z');
const system = systemActor('test');
const SUBMIT = `/p/${PROJECT}/reports/submit`;
let t: AuthTestApp;
let coordinator: TestClient;
let viewer: TestClient;
let activityId = '';
const savedChromium = process.env.HERALD_CHROMIUM;

beforeAll(async () => {
  // No PDF here (Chromium is the browser test's): the submission stores HTML and DOCX.
  process.env.HERALD_CHROMIUM = join(dir, 'no-chromium');
  t = await createAuthTestApp({ keyFile: join(dir, 'key.pem'), clock });
  const user = await makeUser(t.db, { role: 'coordinator', projectId: PROJECT, name: 'Carla Coordinator' });
  coordinator = await TestClient.signedIn(t, user.id);
  viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer', projectId: PROJECT })).id);
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

/** Rows of every table a refused or read-only request must leave alone. */
async function counts(): Promise<Record<string, unknown>> {
  const [row] = rowsOf<Record<string, unknown>>(
    await t.db.execute(sql`SELECT
      (SELECT count(*) FROM reports)::int AS reports, (SELECT count(*) FROM report_files)::int AS files,
      (SELECT count(*) FROM report_locks)::int AS locks, (SELECT count(*) FROM year_closures)::int AS closures,
      (SELECT count(*) FROM audit_entries)::int AS audit, (SELECT count(*) FROM instance_keys)::int AS keys`),
  );
  return row ?? {};
}

const form = (o: Record<string, string> = {}) => ({ year: '1', lang: 'en', confirm: 'yes', ...o });

describe('/p/:id/reports/submit', () => {
  it('is the coordinators’: a viewer may neither see nor post it', async () => {
    expect((await viewer.get(`${SUBMIT}?year=1`)).status).toBe(403);
    expect((await viewer.post(SUBMIT, form())).status).toBe(403);
  });

  it('shows the figures and refuses while the pre-flight finds errors, in English and Japanese', async () => {
    const before = await counts();
    const page = await coordinator.get(`${SUBMIT}?year=1&report_lang=en`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-scope="year:1"');
    expect(html).toMatch(/<tr data-kpi="[a-z-]+">/);
    expect(html).toContain('data-errors="1" data-warnings="1"');
    expect(html).toContain(`href="/p/${PROJECT}/reports/preflight?year=1"`);
    expect(html).toContain(`href="/p/${PROJECT}/records/activities/${activityId}/edit"`);
    expect(html).toContain('id="submit-blocked"');
    expect(html).not.toContain('id="submit-report"');
    // Posting anyway (even acknowledging the warnings) is refused, with the reason on the page.
    const refused = await coordinator.post(SUBMIT, form({ accept_warnings: 'yes' }));
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('The pre-flight found 1 errors (and 1 warnings) in this period');
    coordinator.cookies.set('lang', 'ja');
    const ja = await coordinator.post(SUBMIT, form({ accept_warnings: 'yes' }));
    coordinator.cookies.set('lang', 'en');
    expect(ja.status).toBe(409);
    expect(await ja.text()).toContain('事前チェックでこの期間にエラーが 1 件（警告が 1 件）見つかりました');
    expect(await counts()).toEqual(before);
  });

  it('once fixed, needs the warnings acknowledged and the confirmation ticked, then submits', async () => {
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
    const page = await (await coordinator.get(`${SUBMIT}?year=1&report_lang=en`)).text();
    expect(page).toContain('data-errors="0" data-warnings="1"');
    expect(page).toContain('name="accept_warnings"');
    expect(page).toContain('name="confirm"');
    const before = await counts();
    const warned = await coordinator.post(SUBMIT, form());
    expect(warned.status).toBe(409);
    expect(await warned.text()).toContain('The pre-flight found 1 warnings in this period');
    const unconfirmed = await coordinator.post(SUBMIT, form({ confirm: '', accept_warnings: 'yes' }));
    expect(unconfirmed.status).toBe(422);
    expect(await unconfirmed.text()).toContain('Tick the confirmation to submit the report.');
    const noCsrf = await coordinator.post(SUBMIT, form({ accept_warnings: 'yes' }), { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(await counts()).toEqual(before);

    const res = await coordinator.post(SUBMIT, form({ accept_warnings: 'yes' }));
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toBe(`${SUBMIT}?year=1&report_lang=en&done=1`);
    const done = await (await coordinator.get(location)).text();
    expect(done).toContain('id="submit-done"');
    expect(done).toMatch(/<section id="submitted" data-report="[0-9a-f-]{36}">/);
    expect(done).not.toContain('id="submit-report"');
    // A second submission of the same year and language is refused.
    const again = await coordinator.post(SUBMIT, form({ accept_warnings: 'yes' }));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('has already been submitted');
  });

  it('lists the submitted report with its root, fingerprint and submitter; files download unchanged', async () => {
    const [stored] = rowsOf<{ report_id: string; format: string; sha256: string; root: string; fp: string }>(
      await t.db
        .execute(sql`SELECT f.report_id, f.format, f.sha256, r.merkle_root AS root, r.key_fingerprint AS fp
        FROM report_files f JOIN reports r ON r.id = f.report_id WHERE f.format = 'html'`),
    );
    const before = await counts();
    const list = await (await viewer.get(`/p/${PROJECT}/reports?year=1`)).text();
    expect(list).toContain(`<tr data-report="${stored!.report_id}">`);
    expect(list).toContain(`<code data-root="true">${stored!.root}</code>`);
    expect(list).toContain(`<code data-fingerprint="true">${stored!.fp}</code>`);
    expect(list).toContain('by Carla Coordinator');
    expect(list).toContain('id="preflight-summary"');
    expect(list).not.toContain('id="open-submit"'); // viewers do not submit

    const path = `/p/${PROJECT}/reports/${stored!.report_id}/download/html`;
    const file = await viewer.get(path);
    expect(file.status).toBe(200);
    expect(file.headers.get('etag')).toBe(`"${stored!.sha256}"`);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.html"$/);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const [row] = await t.db
      .select()
      .from(reportFiles)
      .where(sql`${reportFiles.sha256} = ${stored!.sha256}`);
    expect(Buffer.from(bytes).equals(Buffer.from(row!.content))).toBe(true);
    expect((await viewer.get(path, { 'if-none-match': `"${stored!.sha256}"` })).status).toBe(304);

    const manifest = await viewer.get(`/p/${PROJECT}/reports/${stored!.report_id}/manifest.json`);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toBe('application/json');
    expect(manifest.headers.get('content-disposition')).toBe(
      'attachment; filename="Tide-X-year_1-en-manifest.json"',
    );
    const manifestBytes = new Uint8Array(await manifest.arrayBuffer());
    expect(manifest.headers.get('etag')).toBe(
      `"${createHash('sha256').update(manifestBytes).digest('hex')}"`,
    );
    expect(await counts()).toEqual(before);

    // The round trip: the downloaded file and manifest verify offline with `herald verify`.
    writeFileSync(join(dir, 'report.html'), bytes);
    writeFileSync(join(dir, 'manifest.json'), manifestBytes);
    const verified = await runCli([
      'verify',
      join(dir, 'report.html'),
      '--manifest',
      join(dir, 'manifest.json'),
      '--offline',
    ]);
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toMatch(/verified\n$/);
  });

  it('answers 404 for the manifest of a report that is not submitted or does not exist', async () => {
    const missing = await viewer.get(
      `/p/${PROJECT}/reports/00000000-0000-4000-8000-000000000000/manifest.json`,
    );
    expect(missing.status).toBe(404);
  });
});
