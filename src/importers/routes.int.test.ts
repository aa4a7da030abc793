import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
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
import { ACTIVITY_COLUMNS, activityCells, csvOf } from '../../test/factories/imports';
import { importBatches, publications } from '../db/schema';
import { runImportJobs } from './testing';

let t: AuthTestApp;
let coordinator: TestClient;
let editorA: TestClient;

beforeAll(async () => {
  t = await createAuthTestApp();
  coordinator = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'coordinator' })).id);
  editorA = await TestClient.signedIn(
    t,
    (await makeUser(t.db, { role: 'editor', partnerCode: PARTNER_A })).id,
  );
});
afterAll(async () => {
  await t?.close();
});

/** Posts a multipart upload as `client` (the CSRF token goes in the header, as htmx sends it). */
async function upload(
  client: TestClient,
  fields: Record<string, string>,
  file?: { name: string; data: string | Uint8Array },
): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new File([file.data], file.name));
  return t.app.request(`/p/${PROJECT}/import`, {
    method: 'POST',
    body: form,
    headers: {
      cookie: client.cookieHeader,
      'x-csrf-token': await client.csrfToken(),
      'x-forwarded-for': client.ip,
    },
  });
}

/** Commits an upload and waits for the background job; returns the final status fragment. */
async function commit(client: TestClient, location: string, mode: 'all' | 'valid'): Promise<string> {
  const res = await client.post(location, { mode });
  expect(res.status).toBe(303);
  await runImportJobs(t.db);
  const progress = await client.get(`${location}/progress`);
  expect(progress.status).toBe(200);
  return progress.text();
}

/** Rows of a partner A–only file for the editor (Tide-X has no aliases: codes only). */
const cells = (n: number, overrides: Record<string, string> = {}) =>
  activityCells(n, { lead_partner: n % 2 ? PARTNER_A : PARTNER_B, ...overrides });

describe('the upload page', () => {
  it('shows the form, the templates and past imports to importers only', async () => {
    const page = await coordinator.get(`/p/${PROJECT}/import`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain(`/p/${PROJECT}/import/templates/activity.xlsx`);
    expect(html).toContain('name="bibtex"');
    const viewer = await TestClient.signedIn(t, (await makeUser(t.db, { role: 'viewer' })).id);
    expect((await viewer.get(`/p/${PROJECT}/import`)).status).toBe(403);
    expect((await new TestClient(t.app).get(`/p/${PROJECT}/import`)).status).toBe(302);
  });

  it('previews a CSV with a bad row, refuses "import all", imports the valid rows on request', async () => {
    const csv = csvOf([cells(1), cells(2, { date: '2024-02-30' }), cells(3), cells(1)], {
      columns: ACTIVITY_COLUMNS,
    });
    const res = await upload(coordinator, { type: 'activity', format: '' }, { name: 'news.csv', data: csv });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^/p/${PROJECT}/import/[\\w-]{43}$`));
    const preview = await (await coordinator.get(location)).text();
    expect(preview).toContain('Preview of news.csv');
    expect(preview).toMatch(/data-count="valid">2</);
    expect(preview).toMatch(/data-count="invalid">1</);
    expect(preview).toMatch(/data-count="duplicates">1</);
    expect(preview).toMatch(
      /<tr data-row="3"><td>news\.csv<\/td><td class="num">3<\/td><td>row 3<\/td><td>date<\/td><td>[^<]*2024-02-30/,
    );
    expect(preview).toMatch(/<button type="submit" name="mode" value="all" disabled="">/);
    expect(preview).toContain('Import the 2 valid rows, leave out 1');

    // Another member cannot see or commit this upload.
    expect((await editorA.get(location)).status).toBe(404);
    expect((await editorA.post(location, { mode: 'valid' })).status).toBe(404);

    // "Import all" with an invalid row imports nothing.
    const rejected = await commit(coordinator, location, 'all');
    expect(rejected).toContain('Nothing was imported');
    expect(rejected).toContain('Imported 0, duplicates 1, invalid 1.');

    const again = await upload(coordinator, { type: 'activity' }, { name: 'news.csv', data: csv });
    const done = await commit(coordinator, again.headers.get('location') ?? '', 'valid');
    expect(done).toContain('Imported 2, duplicates 1, invalid 1.');
    expect(done).toContain(`href="/p/${PROJECT}/records/activities"`);
    // The upload is gone once committed; the result stays readable.
    expect(await (await coordinator.get(again.headers.get('location') ?? '')).text()).toContain(
      'Imported 2, duplicates 1, invalid 1.',
    );
    const history = await (await coordinator.get(`/p/${PROJECT}/import`)).text();
    expect(history).toMatch(/<td>news\.csv<\/td><td class="num">4<\/td><td class="num">2<\/td>/);
  });

  it('shows a polling progress indicator while a commit runs', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => cells(100 + i));
    const res = await upload(
      coordinator,
      { type: 'activity' },
      { name: 'many.csv', data: csvOf(rows, { columns: ACTIVITY_COLUMNS }) },
    );
    const location = res.headers.get('location') ?? '';
    await coordinator.post(location, { mode: 'all' });
    const page = await (await coordinator.get(location)).text();
    // The job is queued (no runner has taken it yet): a polled <progress>.
    expect(page).toContain('<progress');
    expect(page).toMatch(/hx-get="[^"]+\/progress" hx-trigger="every 500ms" hx-swap="outerHTML"/);
    await runImportJobs(t.db);
    expect(await (await coordinator.get(`${location}/progress`)).text()).toContain(
      'Imported 40, duplicates 0, invalid 0.',
    );
  });

  it('lets a partner editor paste BibTeX (led by its partner) and refuses rows of other partners', async () => {
    const bib =
      '@article{p1, author = {Silva, Ana}, title = {Tides and Towns}, journal = {Ocean Energy}, year = {2024}, doi = {10.1000/tides.1}}';
    const res = await editorA.post(`/p/${PROJECT}/import`, {
      type: 'publication',
      bibtex: bib,
      partner: PARTNER_B,
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(await (await editorA.get(location)).text()).toContain('Preview of pasted BibTeX');
    expect(await commit(editorA, location, 'all')).toContain('Imported 1, duplicates 0, invalid 0.');
    const [p] = await t.db.select().from(publications).where(eq(publications.doi, '10.1000/tides.1'));
    expect(p).toMatchObject({ leadPartner: PARTNER_A, title: 'Tides and Towns' });
    expect(p?.source).toMatch(/^import:/);
    const [batch] = await t.db
      .select()
      .from(importBatches)
      .where(eq(importBatches.id, p?.source.slice('import:'.length) ?? ''));
    expect(batch).toMatchObject({ fileName: 'pasted BibTeX', format: 'bibtex', imported: 1 });

    const csv = csvOf([cells(201), cells(202)], { columns: ACTIVITY_COLUMNS });
    const other = await upload(editorA, { type: 'activity' }, { name: 'mixed.csv', data: csv });
    const preview = await (await editorA.get(other.headers.get('location') ?? '')).text();
    expect(preview).toContain('you may only import records led by UNIA (this row is led by CORPB)');
  });

  it('says on the form when a file is missing or of the wrong kind', async () => {
    const none = await upload(coordinator, { type: 'activity' });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('Choose a file, or paste BibTeX entries.');
    const wrong = await upload(
      coordinator,
      { type: 'activity' },
      { name: 'refs.bib', data: '@article{a, title = {X}, year = {2024}}' },
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('a bibtex file holds publication records, not activity records');
  });

  it('serves templates as CSV (with BOM) and XLSX', async () => {
    const csv = await coordinator.get(`/p/${PROJECT}/import/templates/event.csv`);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="herald-event-template.csv"');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\n')[0]?.split(',')).toEqual(
      expect.arrayContaining(['lead_partner', 'name', 'city']),
    );
    const xlsx = await coordinator.get(`/p/${PROJECT}/import/templates/publication.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual(['publication', 'Allowed values']);
    expect((await coordinator.get(`/p/${PROJECT}/import/templates/paper.csv`)).status).toBe(404);
  });

  it('speaks Japanese', async () => {
    const page = await (await coordinator.get(`/p/${PROJECT}/import?lang=ja`)).text();
    expect(page).toContain('レコードのインポート');
    expect(page).toContain('BibTeX を貼り付け');
  });
});
