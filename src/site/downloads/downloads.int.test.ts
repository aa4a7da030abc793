/**
 * Deliverable files on the public site and their COUNTER download counting, through the real app and the job
 * runner on one movable clock: uploads (PU only, versions, publish), the public page and download route (ETag/304,
 * HEAD, unpublished 404), robots, double clicks, repeats by one visitor, visitors across a day boundary, the
 * scheduled rollup (idempotent, salts deleted, no address stored) and the KPI moving by exactly the counted number.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TestClient } from '../../../test/auth-helpers';
import { makePlan } from '../../../test/factories/plan';
import { createSiteTestApp, type SiteTestApp } from '../../../test/site';
import { rowsOf } from '../../audit/chain';
import { systemActor, type Actor } from '../../auth/permissions';
import { isAppError } from '../../errors';
import { createRunner, type Runner } from '../../jobs/runner';
import { readKpiReport } from '../../kpi/service';
import { fixedClock } from '../../lib/clock';
import { createLogger } from '../../log';
import { importPlan } from '../../projects/service';
import { downloadsSettled } from './record';
import { rollupDownloads, siteChannel } from './rollup';
import { deliverableFilesView, setDeliverablePublished, uploadDeliverableFile } from './service';

const clock = fixedClock('2019-06-03T09:00:00Z');
const filesDir = mkdtempSync(join(tmpdir(), 'herald-site-files-'));
let t: SiteTestApp;
let runner: Runner;
const coordinator: Actor = {
  kind: 'user',
  userId: 'coord',
  isAdmin: false,
  memberships: [{ projectId: 'm-sec', role: 'coordinator', partnerCode: null }],
};
const editor: Actor = {
  kind: 'user',
  userId: 'ed',
  isAdmin: false,
  memberships: [{ projectId: 'm-sec', role: 'editor', partnerCode: 'WLI' }],
};
const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const D52 = '/site/m-sec/d/D5.2/1.0/M-Sec_D5.2.pdf';
const D21 = '/site/m-sec/d/D2.1/1.0/D2.1.pdf';

const db = () => t.database.db;
const upload = (code: string, version: string, publish: boolean, fileName = `${code}.pdf`) =>
  uploadDeliverableFile(db(), {
    actor: coordinator,
    projectId: 'm-sec',
    fields: { code, version, issued_on: '2019-05-31', publish },
    fileName,
    bytes: pdf(`${code} ${version}`),
    dir: filesDir,
    clock,
  });

/** A visitor's GET of a file at the clock's instant. */
const hit = (path: string, o: { ip?: string; ua?: string | null; method?: string; etag?: string } = {}) => {
  const headers: Record<string, string> = { 'x-forwarded-for': o.ip ?? '192.0.2.1' };
  if (o.ua !== null) headers['user-agent'] = o.ua ?? FIREFOX;
  if (o.etag) headers['if-none-match'] = o.etag;
  return t.app.request(path, { method: o.method ?? 'GET', headers });
};
const at = (iso: string) => clock.set(iso);
const kpi = async () =>
  (await readKpiReport(db(), { actor: systemActor('test'), projectId: 'm-sec', clock })).kpis.find(
    (k) => k.id === 'deliverables-downloaded',
  )?.value;
const count = async (table: string) =>
  Number(rowsOf<{ n: number }>(await db().execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n);
const auditCount = async () => count('audit_entries');

beforeAll(async () => {
  t = await createSiteTestApp({ clock, filesDir, trustProxy: true });
  runner = createRunner({ db: db(), clock, log: createLogger('silent'), deps: {} });
  // A project whose deliverable is confidential.
  const plan = makePlan({
    project: { ...makePlan().project, acronym: 'Conf-Z' },
    website: { url: 'https://conf-z.example.eu/', languages: ['en'], public: true, features: [] },
    work_packages: [
      {
        code: 'WP1',
        title: 'Outreach',
        deliverables: [{ code: 'D1.1', title: 'Secret', due_month: 3, dissemination_level: 'CO' }],
      },
    ],
  } as Parameters<typeof makePlan>[0]);
  await importPlan(db(), {
    plan,
    sourceText: JSON.stringify(plan),
    sourceName: 'conf-z.yaml',
    actor: 'test',
  });
  // The schedule starts from now (no back-fill): the first tick registers the rollup for every public site.
  await runner.runUntilIdle();
}, 240_000);
afterAll(async () => {
  await t?.close();
});

describe('deliverable files', () => {
  it('uploads versions of public deliverables, coordinators only, audited; refuses a confidential one', async () => {
    const before = await auditCount();
    await upload('D5.2', '0.9', false, 'M-Sec_D5.2.pdf');
    await upload('D5.2', '1.0', true, 'M-Sec_D5.2.pdf');
    await upload('D2.1', '1.0', true);
    expect(await auditCount()).toBe(before + 3);
    await expect(upload('D5.2', '1.0', false)).rejects.toMatchObject({
      code: 'deliverable_version_taken',
      status: 409,
    });
    await expect(upload('D5.2', 'v 2', false)).rejects.toMatchObject({ code: 'validation' });
    await expect(
      uploadDeliverableFile(db(), {
        actor: editor,
        projectId: 'm-sec',
        fields: { code: 'D5.2', version: '2.0', issued_on: '2019-05-31' },
        fileName: 'x.pdf',
        bytes: pdf('x'),
        dir: filesDir,
        clock,
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const conf = uploadDeliverableFile(db(), {
      actor: systemActor('test'),
      projectId: 'conf-z',
      fields: { code: 'D1.1', version: '1.0', issued_on: '2019-05-31', publish: true },
      fileName: 'secret.pdf',
      bytes: pdf('secret'),
      dir: filesDir,
      clock,
    });
    await expect(conf).rejects.toMatchObject({ code: 'deliverable_not_public', status: 422 });
    await conf.catch((e: unknown) => {
      expect(isAppError(e) && e.message).toBe(
        'D1.1 is CO in the plan: only public (PU) deliverables go on the public site',
      );
    });
    // Not a document: refused by its bytes.
    await expect(
      uploadDeliverableFile(db(), {
        actor: coordinator,
        projectId: 'm-sec',
        fields: { code: 'D5.2', version: '3.0', issued_on: '2019-05-31' },
        fileName: 'x.png',
        bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
        dir: filesDir,
        clock,
      }),
    ).rejects.toMatchObject({ status: 415 });
  });

  it('lists the latest published version on the public page, in the sitemap, and serves its bytes', async () => {
    const page = await (await t.app.request('/site/m-sec/en/deliverables')).text();
    expect(page).toContain('Initial Dissemination Plan');
    expect(page).toContain('/site/m-sec/d/D5.2/1.0/M-Sec_D5.2.pdf');
    expect(page).not.toContain('/0.9/');
    const ja = await (await t.app.request('/site/m-sec/ja/deliverables')).text();
    expect(ja).toContain('公開成果物');
    const sitemap = await (await t.app.request('/site/m-sec/sitemap.xml')).text();
    expect(sitemap).toContain('https://www.msecproject.eu/ja/deliverables');

    const res = await hit(D52, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment; filename="M-Sec_D5.2.pdf"');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect((await hit('/site/m-sec/d/D5.2/0.9/M-Sec_D5.2.pdf')).status).toBe(404);
    expect((await hit('/site/m-sec/d/D5.2/1.0/other.pdf')).status).toBe(404);
    // Unpublishing takes a version off the site at once.
    const [v10] =
      (await deliverableFilesView(db(), { actor: coordinator, projectId: 'm-sec' })).deliverables
        .find((d) => d.code === 'D5.2')
        ?.files.filter((f) => f.version === '1.0') ?? [];
    await setDeliverablePublished(db(), {
      actor: coordinator,
      projectId: 'm-sec',
      fileId: v10?.id ?? '',
      published: false,
      clock,
    });
    expect((await hit(D52, { method: 'HEAD' })).status).toBe(404);
    await setDeliverablePublished(db(), {
      actor: coordinator,
      projectId: 'm-sec',
      fileId: v10?.id ?? '',
      published: true,
      clock,
    });
    await downloadsSettled();
    expect(await count('site_download_events')).toBe(0);
  });
});

describe('COUNTER counting into the KPI', () => {
  it('counts robots, double clicks, repeats and visitors across a day boundary; the KPI moves by exactly that', async () => {
    expect(await kpi()).toBe(0);
    // Day 1, visitor A: a double click (20 s apart: one), then again 5 minutes later (another).
    at('2019-06-03T10:00:00Z');
    const first = await hit(D52);
    expect(first.status).toBe(200);
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(pdf('D5.2 1.0'));
    at('2019-06-03T10:00:20Z');
    await hit(D52);
    at('2019-06-03T10:05:00Z');
    await hit(D52);
    // A revalidation (304: no bytes) and a HEAD are not downloads.
    expect((await hit(D52, { etag: first.headers.get('etag') ?? '' })).status).toBe(304);
    await hit(D52, { method: 'HEAD' });
    // Visitor B (another address), a crawler, a client without a user agent, and A on another file.
    at('2019-06-03T10:06:00Z');
    await hit(D52, { ip: '192.0.2.2' });
    await hit(D52, { ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' });
    await hit(D52, { ua: null });
    at('2019-06-03T10:08:00Z');
    await hit(D21);
    // A just before midnight, and just after: another day, another salt, another visitor hash.
    at('2019-06-03T23:59:50Z');
    await hit(D52);
    at('2019-06-04T00:00:05Z');
    await hit(D52);
    await downloadsSettled();
    expect(await count('site_download_events')).toBe(9);
    const stored = rowsOf<{ visitor: string; row: string }>(
      await db().execute(sql`select visitor, e::text as row from site_download_events e`),
    );
    // A hash, and no address anywhere in the row (a hex hash may well contain the digits "192"; never the dots).
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.visitor) && !r.row.includes('192.0.2'))).toBe(true);
    expect(await count('site_download_salts')).toBe(2);

    // The rollup runs at 00:10 UTC: day 1 only (day 2 is not over).
    at('2019-06-04T00:10:00Z');
    expect(await runner.runUntilIdle()).toBeGreaterThanOrEqual(1);
    // Day 1: D5.2 total 4 (10:00:20, 10:05, B at 10:06, 23:59:50), unique 2 (A, B); D2.1 total 1, unique 1.
    expect(await kpi()).toBe(3);
    const counts = rowsOf<Record<string, unknown>>(
      await db().execute(sql`select f.code, c.day::text as day, c.total, c."unique", c.robots, c.double_clicks
                               from site_download_counts c join site_deliverable_files f on f.id = c.file_id
                              order by f.code, c.day`),
    );
    expect(counts).toEqual([
      { code: 'D2.1', day: '2019-06-03', total: 1, unique: 1, robots: 0, double_clicks: 0 },
      { code: 'D5.2', day: '2019-06-03', total: 4, unique: 2, robots: 2, double_clicks: 1 },
    ]);
    expect(await count('site_download_events')).toBe(1);
    const salts = rowsOf<{ day: string }>(
      await db().execute(sql`select day::text as day from site_download_salts`),
    );
    expect(salts).toEqual([{ day: '2019-06-04' }]);

    // Twice for the same day: nothing changes, not even the audit trail.
    const audit = await auditCount();
    const again = await rollupDownloads(db(), { actor: systemActor('test'), projectId: 'm-sec', clock });
    expect(again).toMatchObject({ days: [], cumulative: 3, asOf: '2019-06-03', snapshot: 'unchanged' });
    expect(await auditCount()).toBe(audit);

    // The next night counts day 2: A again, a new unique download.
    at('2019-06-05T00:10:00Z');
    await runner.runUntilIdle();
    expect(await kpi()).toBe(4);
    const snapshots = rowsOf<Record<string, unknown>>(
      await db().execute(sql`select channel, channel_kind, metric, value, date::text as date, created_by
                               from metric_snapshots where project_id = 'm-sec' and metric = 'downloads'
                              order by date`),
    );
    expect(snapshots).toEqual([
      {
        channel: siteChannel('m-sec'),
        channel_kind: 'website',
        metric: 'downloads',
        value: 3,
        date: '2019-06-03',
        created_by: 'job:site.downloads-rollup',
      },
      {
        channel: siteChannel('m-sec'),
        channel_kind: 'website',
        metric: 'downloads',
        value: 4,
        date: '2019-06-04',
        created_by: 'job:site.downloads-rollup',
      },
    ]);
    // The coordinator's figures: per deliverable and month.
    const view = await deliverableFilesView(db(), { actor: coordinator, projectId: 'm-sec' });
    expect(view.counts).toEqual([
      { code: 'D2.1', month: '2019-06', total: 1, unique: 1 },
      { code: 'D5.2', month: '2019-06', total: 5, unique: 3 },
    ]);
  });

  it('shows the coordinator the files and counts; others are refused', async () => {
    const user = await makeUser(db(), { role: 'coordinator', projectId: 'm-sec' });
    const client = await TestClient.signedIn({ app: t.app, db: db() }, user.id);
    const page = await client.get('/p/m-sec/site/deliverables');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-code="D5.2" data-month="2019-06"');
    expect(html).toContain('M-Sec_D5.2.pdf');
    // An upload through the page's form (multipart, CSRF header), then a refusal shown beside the form.
    const form = new FormData();
    form.set('code', 'D5.2');
    form.set('version', '2.0');
    form.set('issued_on', '2019-06-04');
    form.set('publish', '1');
    form.set('file', new File([pdf('v2')], 'M-Sec_D5.2_v2.pdf', { type: 'application/pdf' }));
    const send = (body: FormData) =>
      t.app.request('/p/m-sec/site/deliverables/files', {
        method: 'POST',
        body,
        headers: { cookie: client.cookieHeader, 'x-csrf-token': client.csrf ?? '' },
      });
    expect((await send(form)).status).toBe(303);
    const refused = await send(form);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('D5.2 already has a version 2.0');
    const listed = await (await t.app.request('/site/m-sec/en/deliverables')).text();
    expect(listed).toContain('/site/m-sec/d/D5.2/2.0/M-Sec_D5.2_v2.pdf');

    const viewer = await makeUser(db(), { role: 'viewer', projectId: 'm-sec' });
    const other = await TestClient.signedIn({ app: t.app, db: db() }, viewer.id);
    expect((await other.get('/p/m-sec/site/deliverables')).status).toBe(403);
  });
});
